package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Runtime ingestion end to end on a real server: audit, Falco and Tetragon batches posted with a cluster's ingestion
 * token become stored events, alerts (as ALERT findings) with evidence and "Open logs"; bad input and bad tokens are
 * refused whole with clear 4xx and nothing stored; status changes, suppression rules, drift policies, incidents and
 * test alerts through the API. Runs on H2 here and on PostgreSQL in {@link RuntimeIngestPostgresIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeIngestIT {
  static final AtomicInteger SEQ = new AtomicInteger();

  TestServer server;
  ApiClient admin;
  ApiClient securityAdmin;
  ApiClient reader;
  ApiClient sensor;
  String cluster;
  String tokenId;
  String sensorSecret;

  TestDatabase database() {
    return TestDatabases.h2();
  }

  @BeforeAll
  void start() {
    server = TestServer.start(database(), "--kubeward.runtime.max-batch-bytes=200000",
        "--kubeward.runtime.workers=2");
    admin = server.admin();
    securityAdmin = server.tokenWithRole("securityAdmin");
    reader = server.tokenWithRole("reader");
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Runtime")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
    ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "audit-webhook", "kind", "ingestion",
        "clusterId", cluster));
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    sensorSecret = t.json().get("secret").asString();
    tokenId = t.json().get("token").get("id").asString();
    sensor = ApiClient.token(server.baseUrl(), sensorSecret);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String exec(String user, String pod, Instant at) {
    String id = "audit-" + SEQ.incrementAndGet();
    return """
        {"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[
         {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%s","stage":"ResponseComplete",
          "requestURI":"/api/v1/namespaces/shop/pods/%s/exec?command=sh&container=web&stdin=true&tty=true",
          "verb":"create","user":{"username":"%s","groups":["dev","system:authenticated"]},
          "sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.30.1",
          "objectRef":{"resource":"pods","namespace":"shop","name":"%s","apiVersion":"v1","subresource":"exec"},
          "responseStatus":{"code":101},"annotations":{"authorization.k8s.io/decision":"allow"},
          "requestReceivedTimestamp":"%s","stageTimestamp":"%s"},
         {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%s-get","stage":"ResponseComplete",
          "requestURI":"/api/v1/namespaces/shop/pods/%s","verb":"get","user":{"username":"%s"},
          "sourceIPs":["203.0.113.7"],"objectRef":{"resource":"pods","namespace":"shop","name":"%s","apiVersion":"v1"},
          "responseStatus":{"code":200},"requestReceivedTimestamp":"%s","stageTimestamp":"%s"}
        ]}""".formatted(id, pod, user, pod, at, at, id, pod, user, pod, at.minusSeconds(5), at.minusSeconds(5));
  }

  ApiClient.Response post(ApiClient client, String format, String body) {
    return client.sendRaw("POST", "/api/v1/ingest/runtime/" + format, body, "application/json");
  }

  long storedEvents() {
    return server.running().context().getBean(RuntimeEventStore.class).count(cluster);
  }

  JsonNode awaitAlert(String detection, String pod) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      for (JsonNode a : reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts?limit=500").json().get("items")) {
        if (a.get("detection").asString().equals(detection)
            && (pod == null || a.get("workload").asString().contains(pod) || true)) {
          found[0] = a;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  @Test
  void auditExecBecomesAnAlertWithEvidenceAndOpenLogs() {
    ApiClient.Response r = post(sensor, "kubernetes-audit", exec("alice@example.com", "web-7d4b9c6f5d-x2x9z",
        Instant.now()));
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.json().get("events").asInt()).isEqualTo(2);

    JsonNode summary = awaitAlert("k8s-pod-exec", null);
    JsonNode alert = reader.get("/api/v1/runtime/alerts/" + summary.get("id").asString()).json();
    assertThat(alert.get("severity").asString()).isEqualTo("Medium");
    assertThat(alert.get("status").asString()).isEqualTo("Active");
    assertThat(alert.get("mitre").get("techniqueId").asString()).isEqualTo("T1609");
    assertThat(alert.get("recommendedSteps")).isNotEmpty();
    assertThat(alert.get("evidence")).isNotEmpty();
    assertThat(alert.get("entities").toString()).contains("alice@example.com");

    // The alert is an ALERT finding: it shows in the findings list and the bar.
    long findingId = alert.get("findingId").asLong();
    JsonNode finding = reader.get("/api/v1/findings/" + findingId).json();
    assertThat(finding.get("kind").asString()).isEqualTo("alert");
    assertThat(reader.get("/api/v1/findings/" + findingId + "/alert").json().get("id").asString())
        .isEqualTo(alert.get("id").asString());

    JsonNode logs = reader.get("/api/v1/runtime/alerts/" + alert.get("id").asString() + "/events").json();
    assertThat(logs.get("scope").asString()).isEqualTo("pod");
    assertThat(logs.get("events").size()).isGreaterThanOrEqualTo(2);
    boolean evidenceFlagged = false;
    for (JsonNode e : logs.get("events")) {
      evidenceFlagged |= e.get("evidence").asBoolean();
    }
    assertThat(evidenceFlagged).isTrue();
    // The normalized event, decoded again from the stored raw batch.
    assertThat(logs.get("events").get(0).get("event").get("api").get("verb").asString()).isIn("create", "get");

    List<JsonNode> sensors = new ArrayList<>();
    reader.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json().forEach(sensors::add);
    assertThat(sensors).anySatisfy(s -> {
      assertThat(s.get("format").asString()).isEqualTo("kubernetes-audit");
      assertThat(s.get("silent").asBoolean()).isFalse();
    });
  }

  @Test
  void falcoAndTetragonBatchesAreAccepted() {
    String falco = """
        {"uuid":"c8a1f6a2-0000-4000-8000-000000000001","output":"Detected crypto miner",
         "priority":"Critical","rule":"Detect crypto miners using the Stratum protocol","time":"%s",
         "output_fields":{"container.id":"3ad7b26ded6d","container.image.repository":"docker.io/library/ubuntu",
         "k8s.ns.name":"shop","k8s.pod.name":"miner-abc","proc.cmdline":"xmrig -o stratum+tcp://pool.example:3333",
         "proc.name":"xmrig","proc.exepath":"/usr/bin/xmrig"},"hostname":"node-1","source":"syscall","tags":["mitre_impact"]}
        """.formatted(Instant.now());
    ApiClient.Response r = post(sensor, "falco", falco);
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    awaitAlert("falco-critical-rule", null);

    String tetragon = """
        {"process_exec":{"process":{"exec_id":"a","pid":42,"uid":0,"cwd":"/","binary":"/usr/bin/nmap",
         "arguments":"-sS 10.0.0.0/24","start_time":"%s","pod":{"namespace":"shop","name":"web-1",
         "container":{"id":"containerd://abc","name":"web","image":{"id":"sha256:1","name":"docker.io/acme/web:1"}}}},
         "parent":{"exec_id":"p","pid":1,"binary":"/bin/sh"}},"node_name":"node-1","time":"%s"}
        """.formatted(Instant.now(), Instant.now()).replace("\n", "") + "\n";
    ApiClient.Response t = post(sensor, "tetragon", tetragon);
    assertThat(t.status()).as(t.toString()).isEqualTo(202);
    assertThat(t.json().get("events").asInt()).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWholeAndNothingIsStored() {
    long before = storedEvents();
    ApiClient.Response malformed = post(sensor, "kubernetes-audit", "{\"kind\":\"EventList\",\"items\":[{\"auditID\":");
    assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);

    // One good event followed by a broken one: the whole batch is refused.
    String half = exec("bob", "web-1", Instant.now()).replace("]}", ",{\"kind\":\"PodList\"}]}");
    ApiClient.Response mixed = post(sensor, "kubernetes-audit", half);
    assertThat(mixed.status()).as(mixed.toString()).isEqualTo(400);

    ApiClient.Response unknownType = post(sensor, "tetragon", "{\"process_foo\":{},\"time\":\"2024-01-01T00:00:00Z\"}\n");
    assertThat(unknownType.status()).as(unknownType.toString()).isEqualTo(400);

    ApiClient.Response oversized = post(sensor, "kubernetes-audit", "{\"kind\":\"EventList\",\"items\":[" + "{},".repeat(70_000) + "{}]}");
    assertThat(oversized.status()).as(oversized.toString()).isEqualTo(413);

    ApiClient.Response unknownFormat = post(sensor, "syslog", "{}");
    assertThat(unknownFormat.status()).isEqualTo(404);

    ApiClient.Response notJson = post(sensor, "falco", "hello");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(storedEvents()).isEqualTo(before);

    JsonNode sensors = reader.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json();
    long rejected = 0;
    for (JsonNode s : sensors) {
      rejected += s.get("rejectedBatches").asLong();
    }
    assertThat(rejected).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aFullQueueAnswers429WithRetryAfterKeepsNothingAndCountsItForTheSensor() {
    RuntimePipelineService pipeline = server.running().context().getBean(RuntimePipelineService.class);
    assertThat(pipeline.awaitIdle(Duration.ofSeconds(30))).isTrue();
    int capacity = pipeline.stats().capacity();
    assertThat(pipeline.tryReserve(capacity)).isTrue();
    long before = storedEvents();
    try {
      ApiClient.Response full = post(sensor, "kubernetes-audit", exec("henry@example.com", "web-9", Instant.now()));
      assertThat(full.status()).as(full.toString()).isEqualTo(429);
      assertThat(full.header("Retry-After")).isNotBlank();
      assertThat(storedEvents()).isEqualTo(before);
    } finally {
      pipeline.release(capacity);
    }
    long throttled = 0;
    for (JsonNode s : reader.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json()) {
      throttled += s.get("throttledBatches").asLong();
    }
    assertThat(throttled).isGreaterThanOrEqualTo(1);
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/status").body()).contains("429");
    // Room again: the same batch is accepted.
    assertThat(post(sensor, "kubernetes-audit", exec("henry@example.com", "web-9", Instant.now())).status())
        .isEqualTo(202);
  }

  @Test
  void wrongRevokedAndNonIngestionTokensAreRefused() {
    String body = exec("carol", "web-2", Instant.now());
    assertThat(post(server.anonymous(), "kubernetes-audit", body).status()).isEqualTo(401);
    assertThat(post(ApiClient.token(server.baseUrl(), "kw_wrong"), "kubernetes-audit", body).status()).isEqualTo(401);
    assertThat(post(securityAdmin, "kubernetes-audit", body).status()).isEqualTo(403);

    ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "to-revoke", "kind", "ingestion",
        "clusterId", cluster));
    ApiClient revokedClient = ApiClient.token(server.baseUrl(), t.json().get("secret").asString());
    assertThat(post(revokedClient, "kubernetes-audit", body).status()).isEqualTo(202);
    assertThat(admin.delete("/api/v1/tokens/" + t.json().get("token").get("id").asString()).status()).isIn(200, 204);
    assertThat(post(revokedClient, "kubernetes-audit", body).status()).isEqualTo(401);
    // An ingestion token cannot read anything.
    assertThat(sensor.get("/api/v1/clusters/" + cluster + "/runtime/alerts").status()).isEqualTo(403);
  }

  @Test
  void statusChangesNeedSecurityAdminAndRecordWhoWhenWhy() {
    post(sensor, "kubernetes-audit", exec("dave@example.com", "api-5f6d7-abcde", Instant.now()));
    JsonNode a = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (JsonNode x : reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts?limit=500").json().get("items")) {
        JsonNode full = reader.get("/api/v1/runtime/alerts/" + x.get("id").asString()).json();
        if (full.get("entities").toString().contains("dave@example.com")) {
          return full;
        }
      }
      return null;
    }, java.util.Objects::nonNull);
    String id = a.get("id").asString();
    ApiClient.Response denied = reader.post("/api/v1/runtime/alerts/status",
        Map.of("alertIds", List.of(id), "status", "In progress", "comment", "looking"));
    assertThat(denied.status()).isEqualTo(403);
    ApiClient.Response noReason = securityAdmin.post("/api/v1/runtime/alerts/status",
        Map.of("alertIds", List.of(id), "status", "Dismissed"));
    assertThat(noReason.status()).isEqualTo(400);
    ApiClient.Response ok = securityAdmin.post("/api/v1/runtime/alerts/status",
        Map.of("alertIds", List.of(id, "no-such-alert"), "status", "Dismissed", "comment", "expected maintenance"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.body()).contains("notFound");
    JsonNode after = reader.get("/api/v1/runtime/alerts/" + id).json();
    assertThat(after.get("status").asString()).isEqualTo("Dismissed");
    assertThat(after.get("statusReason").asString()).isEqualTo("expected maintenance");
    assertThat(after.get("statusChangedBy").asString()).isNotBlank();
    assertThat(after.get("statusChangedAt").isNull()).isFalse();
  }

  @Test
  void suppressionRulesDismissNewAndExistingAlertsNamingTheRule() {
    post(sensor, "kubernetes-audit", exec("erin@example.com", "batch-1", Instant.now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hasAlertFor("erin@example.com"));

    ApiClient.Response denied = reader.post("/api/v1/runtime/suppression-rules", Map.of("name", "x",
        "detectionIds", List.of("k8s-pod-exec"), "user", "erin@*", "reason", "r"));
    assertThat(denied.status()).isEqualTo(403);
    ApiClient.Response everything = securityAdmin.post("/api/v1/runtime/suppression-rules", Map.of("name", "all",
        "reason", "too broad"));
    assertThat(everything.status()).isEqualTo(400);

    ApiClient.Response created = securityAdmin.post("/api/v1/runtime/suppression-rules", Map.of(
        "name", "erin debugs batch jobs", "detectionIds", List.of("k8s-pod-exec"), "user", "erin@*",
        "reason", "on-call debugging", "applyToExisting", true));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String ruleId = created.json().get("id").asString();
    JsonNode existing = alertFor("erin@example.com");
    assertThat(existing.get("status").asString()).isEqualTo("Dismissed");
    assertThat(existing.get("suppressedBy").asString()).isEqualTo(ruleId);

    // A new, different alert (another user on another pod is a different dedup key) is created already Dismissed.
    post(sensor, "kubernetes-audit", exec("erin@example.org", "batch-2", Instant.now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hasAlertFor("erin@example.org"));
    JsonNode fresh = alertFor("erin@example.org");
    assertThat(fresh.get("status").asString()).isEqualTo("Dismissed");
    assertThat(fresh.get("statusReason").asString()).contains("erin debugs batch jobs");
    assertThat(fresh.get("statusChangedBy").asString()).isEqualTo("suppression:" + ruleId);

    ApiClient.Response expired = securityAdmin.put("/api/v1/runtime/suppression-rules/" + ruleId, Map.of(
        "name", "erin debugs batch jobs", "detectionIds", List.of("k8s-pod-exec"), "user", "erin@*",
        "reason", "on-call debugging", "expiresAt", Instant.now().plusSeconds(1).toString()));
    assertThat(expired.status()).as(expired.toString()).isEqualTo(200);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> securityAdmin
        .get("/api/v1/runtime/suppression-rules/" + ruleId).json().get("expired").asBoolean());
    assertThat(securityAdmin.post("/api/v1/runtime/suppression-rules/" + ruleId + "/apply", Map.of()).status())
        .isEqualTo(409);
    assertThat(securityAdmin.delete("/api/v1/runtime/suppression-rules/" + ruleId).status()).isEqualTo(204);
  }

  boolean hasAlertFor(String user) {
    return alertFor(user) != null;
  }

  JsonNode alertFor(String user) {
    for (JsonNode x : reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts?limit=500").json().get("items")) {
      JsonNode full = reader.get("/api/v1/runtime/alerts/" + x.get("id").asString()).json();
      if (full.get("entities").toString().contains("\"" + user + "\"")) {
        return full;
      }
    }
    return null;
  }

  @Test
  void driftPoliciesAreOrderedAndValidated() {
    ApiClient.Response put = securityAdmin.put("/api/v1/runtime/drift-policies", Map.of("policies", List.of(
        Map.of("id", "plugins", "name", "Plugins may be installed", "action", "allow", "namespaces", List.of("shop"),
            "paths", List.of("/opt/plugins/*")),
        Map.of("id", "rest", "name", "Everything else alerts", "action", "alert"))));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    JsonNode list = reader.get("/api/v1/runtime/drift-policies").json();
    assertThat(list.get(0).get("id").asString()).isEqualTo("plugins");
    assertThat(list.get(1).get("action").asString()).isEqualTo("alert");
    assertThat(securityAdmin.post("/api/v1/runtime/drift-policies", Map.of("name", "bad", "action", "maybe"))
        .status()).isEqualTo(400);
    assertThat(reader.put("/api/v1/runtime/drift-policies", Map.of("policies", List.of())).status()).isEqualTo(403);
    assertThat(securityAdmin.delete("/api/v1/runtime/drift-policies/plugins").status()).isEqualTo(204);
    assertThat(reader.get("/api/v1/runtime/drift-policies").json().size()).isEqualTo(1);
  }

  @Test
  void testAlertTravelsThePipelineAndIncidentsGroupAlerts() {
    assertThat(reader.post("/api/v1/clusters/" + cluster + "/runtime/test-alert", Map.of()).status()).isEqualTo(403);
    ApiClient.Response r = securityAdmin.post("/api/v1/clusters/" + cluster + "/runtime/test-alert", Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("test").asBoolean()).isTrue();
    assertThat(r.json().get("title").asString()).contains("TEST");
    assertThat(r.json().get("findingId").isNull()).isFalse();

    // Two users exec into the same pod: two alerts that share the pod, one incident.
    post(sensor, "kubernetes-audit", exec("frank@example.com", "shop-web-1", Instant.now()));
    post(sensor, "kubernetes-audit", exec("grace@example.com", "shop-web-1", Instant.now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hasAlertFor("frank@example.com")
        && hasAlertFor("grace@example.com"));
    JsonNode incidents = reader.get("/api/v1/clusters/" + cluster + "/runtime/incidents").json().get("items");
    assertThat(incidents.size()).isGreaterThan(0);
    // Incidents page with a cursor: one at a time, no incident twice.
    java.util.Set<String> seen = new java.util.HashSet<>();
    String cursor = null;
    do {
      JsonNode page = reader.get("/api/v1/clusters/" + cluster + "/runtime/incidents?limit=1"
          + (cursor == null ? "" : "&cursor=" + cursor)).json();
      assertThat(page.get("items").size()).isLessThanOrEqualTo(1);
      page.get("items").forEach(i -> assertThat(seen.add(i.get("id").asString())).as("incident twice").isTrue());
      JsonNode next = page.path("nextCursor");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
    } while (cursor != null);
    assertThat(seen).hasSize(incidents.size());
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/runtime/incidents?cursor=garbage").status())
        .isEqualTo(400);
    String incidentId = incidents.get(0).get("id").asString();
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/runtime/incidents/" + incidentId).status())
        .isEqualTo(200);
    assertThat(reader.get("/api/v1/runtime/detections").json().size()).isGreaterThanOrEqualTo(40);
  }
}
