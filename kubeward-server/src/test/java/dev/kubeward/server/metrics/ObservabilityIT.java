package dev.kubeward.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operations surface of a running server: Prometheus metrics behind authentication, the server's own meters
 * moving when work happens, liveness and readiness, and readiness failing when a migration is missing.
 */
class ObservabilityIT {
  static TestServer server;
  static String clusterId;

  @BeforeAll
  static void start() throws Exception {
    java.nio.file.Path roots = java.nio.file.Files.createTempDirectory("kubeward-obs-");
    server = TestServer.start("--kubeward.health.migrations-cache=0s", "--kubeward.sources.allowed-roots=" + roots);
    ApiClient admin = server.admin();
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Ops")).json().get("id").asString();
    clusterId = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
    // A cluster read from manifests: its misconfiguration scan runs at load.
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(roots.resolve("prod"));
    java.nio.file.Files.writeString(dir.resolve("app.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: web, image: "registry.example/web:1", securityContext: {privileged: true}}]
        """);
    ApiClient.Response loaded = admin.put("/api/v1/clusters/" + clusterId + "/source",
        Map.of("mode", "manifests", "manifestsPath", dir.toString()));
    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void prometheusNeedsATokenAndShowsTheServersMeters() throws Exception {
    assertThat(server.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);

    FindingIngestService ingest = server.running().context().getBean(FindingIngestService.class);
    ingest.report(FindingReport.full(clusterId, FindingKind.MISCONFIGURATION, "posture"), List.of(
        ReportedFinding.builder("KW-PSS-001", "Container runs privileged", Severity.HIGH).build(),
        ReportedFinding.builder("KW-PSS-002", "Pod shares the host's process namespace", Severity.HIGH).build()));
    // An ingestion request without a token is refused by security and still counted.
    assertThat(server.anonymous().sendRaw("POST", "/api/v1/ingest/runtime/falco", "{}", "application/json").status())
        .isIn(401, 403);

    // A sensor's accepted batch: counted as a request and as events.
    String sensorSecret = server.admin().post("/api/v1/tokens", Map.of("name", "audit", "kind", "ingestion",
        "clusterId", clusterId)).json().get("secret").asString();
    String at = java.time.Instant.now().toString();
    ApiClient.Response accepted = ApiClient.token(server.baseUrl(), sensorSecret).sendRaw("POST",
        "/api/v1/ingest/runtime/kubernetes-audit", """
        {"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[
         {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"obs-1","stage":"ResponseComplete",
          "requestURI":"/api/v1/namespaces/shop/pods/web","verb":"get","user":{"username":"alice"},
          "sourceIPs":["203.0.113.7"],"objectRef":{"resource":"pods","namespace":"shop","name":"web","apiVersion":"v1"},
          "responseStatus":{"code":200},"requestReceivedTimestamp":"%s","stageTimestamp":"%s"}]}""".formatted(at, at),
        "application/json");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

    String secret = server.admin().post("/api/v1/tokens", Map.of("name", "prometheus", "kind", "api", "role",
        "reader")).json().get("secret").asString();
    ApiClient reader = ApiClient.token(server.baseUrl(), secret);
    String text = scrape(secret);
    assertThat(text)
        .contains("kubeward_outbox_backlog{application=\"kubeward\",state=\"pending\"} 0.0")
        .contains("kubeward_advisories_age_seconds")
        .contains("kubeward_jobs_queue_depth{application=\"kubeward\",state=\"due\",type=\"all\"} 0.0")
        .contains("kubeward_advisories_stale{application=\"kubeward\"} 1.0")
        .contains("kubeward_ingest_requests_total{application=\"kubeward\",outcome=\"unauthorized\",source=\"falco\"} 1.0")
        .contains("kubeward_ingest_requests_total{application=\"kubeward\",outcome=\"accepted\",source=\"kubernetes-audit\"} 1.0")
        .contains("kubeward_ingest_events_total{application=\"kubeward\",source=\"kubernetes-audit\"} 1.0")
        .contains("kubeward_ingest_queue_capacity")
        .contains("kubeward_scan_duration_seconds_count{application=\"kubeward\",kind=\"misconfiguration\"}")
        .contains("kubeward_rules_evaluation_seconds_count{application=\"kubeward\",engine=\"posture\"}")
        .contains("kubeward_findings_reported_total{application=\"kubeward\",kind=\"misconfiguration\"}")
        .contains("kubeward_findings_ingest_seconds_count{application=\"kubeward\",kind=\"misconfiguration\",mode=\"full\"}");
    // The newest misconfiguration report was just stored; no alert report exists yet.
    assertThat(value(text, "kubeward_findings_report_age_seconds\\{application=\"kubeward\",kind=\"misconfiguration\"\\}"))
        .isBetween(0.0, 60.0);
    assertThat(text).contains("kubeward_findings_report_age_seconds{application=\"kubeward\",kind=\"alert\"} NaN");
    // Built-in JVM, HTTP and Hikari meters are there too.
    assertThat(text).contains("jvm_memory_used_bytes").contains("hikaricp_connections_active");
    // Nothing else of the actuator is exposed.
    assertThat(reader.get("/actuator/env").status()).isEqualTo(404);
    assertThat(reader.get("/actuator/beans").status()).isEqualTo(404);
  }

  @Test
  void livenessAndReadinessMeanSomething() {
    ApiClient anonymous = server.anonymous();
    assertThat(anonymous.get("/actuator/health/liveness").body()).contains("\"UP\"");
    assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);

    // A database that lacks one of this build's migrations (restored from an old backup, or mid-upgrade): not ready.
    JdbcClient jdbc = server.running().context().getBean(JdbcClient.class);
    Map<String, Object> newest = jdbc.sql("select \"installed_rank\" as r, \"version\" as v, \"description\" as d,"
        + " \"type\" as t, \"script\" as s, \"checksum\" as c, \"installed_by\" as b, \"installed_on\" as o,"
        + " \"execution_time\" as e, \"success\" as ok from \"flyway_schema_history\""
        + " order by \"installed_rank\" desc limit 1").query().singleRow();
    jdbc.sql("delete from \"flyway_schema_history\" where \"installed_rank\" = ?").param(newest.get("R") != null
        ? newest.get("R") : newest.get("r")).update();
    try {
      ApiClient.Response notReady = anonymous.get("/actuator/health/readiness");
      assertThat(notReady.status()).isEqualTo(503);
      // Liveness stays up: restarting the pod would not add the migration.
      assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
    } finally {
      jdbc.sql("insert into \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\","
              + " \"script\", \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\")"
              + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(get(newest, "r"), get(newest, "v"), get(newest, "d"), get(newest, "t"), get(newest, "s"),
              get(newest, "c"), get(newest, "b"), get(newest, "o"), get(newest, "e"), get(newest, "ok"))
          .update();
    }
    assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
  }

  /** Scrapes as Prometheus does: bearer token, text exposition format. */
  static String scrape(String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/actuator/prometheus"))
        .header("Authorization", "Bearer " + token).header("Accept", "text/plain;version=0.0.4;q=0.9,*/*;q=0.1")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static Object get(Map<String, Object> row, String key) {
    return row.containsKey(key) ? row.get(key) : row.get(key.toUpperCase());
  }

  private static double value(String text, String seriesRegex) {
    Matcher m = Pattern.compile("(?m)^" + seriesRegex + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("series " + seriesRegex).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
