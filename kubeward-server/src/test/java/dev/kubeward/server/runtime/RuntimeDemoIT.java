package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve --demo}: the bundled audit, Tetragon and Falco events go through the real ingestion and pipeline at
 * start, so shop-prod has the alerts the demo README tells about, grouped into incidents, with evidence and logs.
 */
class RuntimeDemoIT {
  static TestServer server;
  static ApiClient reader;
  static String prod;

  @BeforeAll
  static void start() {
    server = TestServer.start("--kubeward.demo=true");
    reader = server.tokenWithRole("reader");
    for (JsonNode c : reader.get("/api/v1/clusters?limit=100").json().get("items")) {
      if (c.get("name").asString().equals("shop-prod")) {
        prod = c.get("id").asString();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void demoHasAlertsIncidentsEvidenceAndAHealthySensor() {
    List<String> detections = new ArrayList<>();
    JsonNode alerts = reader.get("/api/v1/clusters/" + prod + "/runtime/alerts?sort=risk&limit=500").json().get("items");
    alerts.forEach(a -> detections.add(a.get("detection").asString()));
    assertThat(detections).contains("proc-shell-from-web-server", "proc-curl-pipe-to-shell", "k8s-pod-exec",
        "k8s-secret-enumeration-burst", "falco-warning-rule");
    assertThat(alerts.get(0).get("risk").asString()).isEqualTo("High");

    JsonNode shell = null;
    for (JsonNode a : alerts) {
      if (a.get("detection").asString().equals("proc-shell-from-web-server")) {
        shell = reader.get("/api/v1/runtime/alerts/" + a.get("id").asString()).json();
      }
    }
    assertThat(shell.get("entities").toString()).contains("shop/Deployment/frontend");
    assertThat(shell.get("evidence")).isNotEmpty();
    JsonNode logs = reader.get("/api/v1/runtime/alerts/" + shell.get("id").asString() + "/events").json();
    assertThat(logs.get("events").size()).isGreaterThanOrEqualTo(2);

    JsonNode incidents = reader.get("/api/v1/clusters/" + prod + "/runtime/incidents?limit=500").json().get("items");
    assertThat(incidents.toString()).contains("shop/Deployment/frontend").contains("ci-deployer");

    JsonNode status = reader.get("/api/v1/clusters/" + prod + "/status").json();
    assertThat(status.toString()).contains("\"sensor\"");
    JsonNode bar = reader.get("/api/v1/clusters/" + prod + "/findings?kind=alert").json();
    assertThat(bar.get("items").size()).isGreaterThanOrEqualTo(5);
  }
}
