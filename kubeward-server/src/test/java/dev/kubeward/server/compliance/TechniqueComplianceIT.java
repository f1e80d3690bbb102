package dev.kubeward.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * ATT&CK technique controls on a real server: without a sensor they are "not evaluated: no runtime sensor reporting";
 * once an audit webhook reports and a detection of the technique raises an alert, the technique fails with that alert
 * as its recommendation and the pod it names as the resource.
 */
class TechniqueComplianceIT {
  @TempDir Path roots;

  static final String MANIFESTS = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            automountServiceAccountToken: false
            containers:
            - name: web
              image: registry.example.com/shop/web@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
      """;

  static String exec(Instant at) {
    return """
        {"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[
         {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"exec-1","stage":"ResponseComplete",
          "requestURI":"/api/v1/namespaces/shop/pods/web-7d4b9c6f5d-x2x9z/exec?command=sh&container=web&stdin=true&tty=true",
          "verb":"create","user":{"username":"mallory@example.com","groups":["system:authenticated"]},
          "sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.30.1",
          "objectRef":{"resource":"pods","namespace":"shop","name":"web-7d4b9c6f5d-x2x9z","apiVersion":"v1",
            "subresource":"exec"},
          "responseStatus":{"code":101},"annotations":{"authorization.k8s.io/decision":"allow"},
          "requestReceivedTimestamp":"%s","stageTimestamp":"%s"}]}""".formatted(at, at);
  }

  @Test
  void aTechniqueFailsOnAnOpenAlertAndIsNotEvaluatedWithoutASensor() throws Exception {
    Path folder = Files.createDirectories(roots.resolve("cluster"));
    Files.writeString(folder.resolve("app.yaml"), MANIFESTS);
    try (TestServer server = TestServer.start("--kubeward.sources.allowed-roots=" + roots)) {
      ApiClient admin = server.admin();
      ApiClient reader = server.tokenWithRole("reader");
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Techniques")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      assertThat(admin.put("/api/v1/clusters/" + cluster + "/source",
          Map.of("mode", "manifests", "manifestsPath", folder.toString())).json().get("state").asString())
          .isEqualTo("ready");
      String t1609 = "/api/v1/clusters/" + cluster + "/compliance/standards/mitre-attack-containers/controls/T1609";
      Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> reader.get(t1609).status() == 200);

      JsonNode before = reader.get(t1609).json();
      assertThat(before.get("status").asString()).as(before.toString()).isEqualTo("not evaluated");
      assertThat(before.get("notEvaluatedDetail").asString()).startsWith("no runtime sensor reporting: no sensor has"
          + " posted events yet");

      String secret = admin.post("/api/v1/tokens", Map.of("name", "audit-webhook", "kind", "ingestion",
          "clusterId", cluster)).json().get("secret").asString();
      ApiClient sensor = ApiClient.token(server.baseUrl(), secret);
      assertThat(sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit", exec(Instant.now()),
          "application/json").status()).isEqualTo(202);

      Awaitility.await("T1609 fails on the exec alert").atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> reader.get(t1609).json().get("status").asString().equals("failed"));
      JsonNode after = reader.get(t1609).json();
      assertThat(after.get("recommendations").toString()).contains("k8s-pod-exec", "Open runtime alert",
          "web-7d4b9c6f5d-x2x9z", "\"source\":\"detection\"");
      // the alert's finding names the controls it counts against, as misconfiguration findings do
      JsonNode alertFinding = reader.get("/api/v1/clusters/" + cluster + "/findings?kind=alert").json();
      assertThat(alertFinding.toString()).contains("mitre-attack-containers:T1609");
      // the technique shows in the failing-controls grid like any failing control
      assertThat(reader.get("/api/v1/clusters/" + cluster + "/compliance/failing?limit=500").body())
          .contains("\"controlId\":\"T1609\"");
    }
  }
}
