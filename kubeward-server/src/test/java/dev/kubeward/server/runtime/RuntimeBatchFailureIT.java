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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Failures inside the runtime pipeline's transactions, made real by the database itself: a check constraint that
 * refuses one user's alerts turns a batch into a poison batch (it decodes, but every processing attempt fails while
 * writing its alert), and one that refuses {@code alert.updated} outbox rows makes the SIEM write of a status change
 * fail. A poison batch is set aside after {@code kubeward.runtime.max-batch-attempts}, stays stored, shows in the
 * sensor status and the failed-batches API, does not hold up the cluster's other batches, and can be retried; a status
 * change and its SIEM messages commit together or not at all. Runs on H2 here and on PostgreSQL in
 * {@link RuntimeBatchFailurePostgresIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeBatchFailureIT {
  static final int MAX_ATTEMPTS = 3;

  TestServer server;
  TestDatabase db;
  ApiClient admin;
  ApiClient securityAdmin;
  ApiClient sensor;
  String workspace;
  String cluster;

  TestDatabase database() {
    return TestDatabases.h2();
  }

  @BeforeAll
  void start() {
    db = database();
    // The recovery sweeps every second and takes any batch not in this process's queue, so retries come quickly.
    server = TestServer.start(db, "--kubeward.runtime.max-batch-attempts=" + MAX_ATTEMPTS,
        "--kubeward.runtime.recovery-after=PT0S", "--kubeward.runtime.recovery-interval=PT1S",
        "--kubeward.jobs.poll-interval=PT0.2S", "--kubeward.runtime.workers=1");
    admin = server.admin();
    securityAdmin = server.tokenWithRole("securityAdmin");
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Failures")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
    ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "audit", "kind", "ingestion",
        "clusterId", cluster));
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    sensor = ApiClient.token(server.baseUrl(), t.json().get("secret").asString());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  String post(String body) {
    ApiClient.Response r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit", body,
        "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return r.json().get("batchId").asString();
  }

  String exec(String user) {
    return RuntimeIngestIT.exec(user, "web-1", Instant.now());
  }

  Map<String, Object> batch(String id) {
    return db.jdbc().sql("select attempts, processed_at, failed_at, last_error from runtime_batches where id = ?")
        .param(id).query().singleRow();
  }

  static Object col(Map<String, Object> row, String name) {
    // H2 gives upper-case column names, PostgreSQL lower-case.
    return row.containsKey(name) ? row.get(name) : row.get(name.toUpperCase(java.util.Locale.ROOT));
  }

  long alertsOf(String user) {
    return db.jdbc().sql("select count(*) from runtime_alerts where cluster_id = ? and body like ?")
        .params(cluster, "%" + user + "%").query(Long.class).single();
  }

  JsonNode sensorStatus() {
    for (JsonNode c : securityAdmin.get("/api/v1/clusters/" + cluster + "/status").json().get("capabilities")) {
      if (c.get("capability").asString().equals("sensor")) {
        return c;
      }
    }
    throw new AssertionError("no sensor status line");
  }

  @Test
  @Order(1) // the process-wide counters it checks start at zero
  void aPoisonBatchIsSetAsideAfterItsAttemptsWithoutHoldingUpTheClustersOtherBatches() throws Exception {
    db.jdbc().sql("alter table runtime_alerts add constraint test_poison check (body not like '%poison-user%')")
        .update();
    try {
      String poison = post(exec("poison-user@example.com"));
      String before = post(exec("good-before@example.com"));

      // The batch behind it in the same lane is processed while the poison one is still being retried.
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> alertsOf("good-before@example.com") == 1);

      try {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> col(batch(poison), "failed_at") != null);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("not set aside: " + batch(poison) + "; jobs: " + db.jdbc().sql("select type, status,"
            + " attempts, error, result from jobs order by id").query().listOfRows(), e);
      }
      Map<String, Object> dead = batch(poison);
      assertThat(((Number) col(dead, "attempts")).intValue()).isEqualTo(MAX_ATTEMPTS);
      assertThat(col(dead, "processed_at")).as("set aside: taken by neither the pipeline nor the recovery").isNotNull();
      assertThat(String.valueOf(col(dead, "last_error"))).containsIgnoringCase("test_poison");
      assertThat(alertsOf("poison-user@example.com")).isZero();

      // Not retried any more: the attempts stay where they are over several recovery sweeps.
      long sweepsBefore = completedSweeps();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> completedSweeps() >= sweepsBefore + 3);
      assertThat(((Number) col(batch(poison), "attempts")).intValue()).isEqualTo(MAX_ATTEMPTS);

      // Nothing lost: the batch and its events are still stored.
      assertThat(db.jdbc().sql("select count(*) from runtime_events where batch_id = ?").param(poison)
          .query(Long.class).single()).isEqualTo(2);

      // The cluster's later batches are processed as usual.
      post(exec("good-after@example.com"));
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> alertsOf("good-after@example.com") == 1);

      // The sensor status names it as a health problem, with the reason; the sensors and failed-batches APIs too.
      JsonNode status = sensorStatus();
      assertThat(status.get("state").asString()).isEqualTo("notEvaluated");
      assertThat(status.get("detail").asString()).contains("1 failed batch(es)", poison, "/runtime/failed-batches");
      assertThat(status.get("detail").asString().toLowerCase()).contains("test_poison");
      JsonNode sensorRow = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json().get(0);
      assertThat(sensorRow.get("failedBatches").asLong()).isEqualTo(1);
      assertThat(sensorRow.get("lastFailure").asString()).contains(poison);
      ApiClient.Response failedResponse = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/failed-batches");
      // As documented: the OpenAPI document describes the new answers.
      var openApi = new dev.kubeward.server.testing.OpenApiResponseValidator(admin.get("/api/openapi.json").json());
      assertThat(openApi.problems("/api/v1/clusters/{id}/runtime/failed-batches", "get", failedResponse.status(),
          failedResponse.json())).isEmpty();
      ApiClient.Response sensorsResponse = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/sensors");
      assertThat(openApi.problems("/api/v1/clusters/{id}/runtime/sensors", "get", sensorsResponse.status(),
          sensorsResponse.json())).isEmpty();
      JsonNode failed = failedResponse.json();
      assertThat(failed.size()).isEqualTo(1);
      assertThat(failed.get(0).get("id").asString()).isEqualTo(poison);
      assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
      assertThat(failed.get(0).get("events").asInt()).isEqualTo(2);
      // Its events, decoded again from the stored body: what was not evaluated.
      JsonNode notEvaluated = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/failed-batches/" + poison
          + "/events").json();
      assertThat(notEvaluated.size()).isEqualTo(2);
      assertThat(notEvaluated.toString()).contains("poison-user@example.com");
      assertThat(notEvaluated.get(0).get("event").isObject()).isTrue();
      JsonNode pipeline = admin.get("/api/v1/runtime/pipeline").json();
      assertThat(pipeline.get("failedBatches").asLong()).isEqualTo(1);
      assertThat(pipeline.get("failedAttempts").asLong()).isEqualTo(MAX_ATTEMPTS);
      String metrics = scrape();
      assertThat(metrics).contains("kubeward_runtime_batches_set_aside_total{application=\"kubeward\"} 1.0")
          .contains("kubeward_runtime_batch_failures_total{application=\"kubeward\"} " + MAX_ATTEMPTS + ".0");
    } finally {
      db.jdbc().sql("alter table runtime_alerts drop constraint test_poison").update();
    }

    // Once the cause is gone, a retry processes it: its alert appears and the status is healthy again.
    String poison = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/failed-batches").json().get(0)
        .get("id").asString();
    assertThat(server.tokenWithRole("reader").post("/api/v1/clusters/" + cluster + "/runtime/failed-batches/"
        + poison + "/retry", Map.of()).status()).isEqualTo(403);
    ApiClient.Response retry = securityAdmin.post("/api/v1/clusters/" + cluster + "/runtime/failed-batches/" + poison
        + "/retry", Map.of());
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> alertsOf("poison-user@example.com") == 1);
    assertThat(securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/failed-batches").json().size()).isZero();
    assertThat(sensorStatus().get("state").asString()).isEqualTo("ok");
    assertThat(sensorStatus().get("detail").asString()).contains("1 batch(es) failed processing");
  }

  /**
   * A batch whose processing kills the process (it exhausts the heap, say) leaves no failure behind: what is left is
   * a stored batch that stays unprocessed, and recovery attempts that started and never finished. Here the batch is
   * stored as such a process leaves it — unprocessed, its recovery started {@code MAX_ATTEMPTS} times — and the next
   * sweep sets it aside instead of starting it again.
   */
  @Test
  @Order(3)
  void aBatchWhoseProcessingNeverFinishesIsSetAsideInsteadOfStartedAgain() throws Exception {
    post(exec("alive-user@example.com")); // the sensor exists, as for any batch that was once accepted
    long failedBefore = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json().get(0)
        .get("failedBatches").asLong();
    long setAsideBefore = admin.get("/api/v1/runtime/pipeline").json().get("failedBatches").asLong();
    byte[] raw = exec("crash-user@example.com").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String crashed = "crash-loop-" + System.nanoTime();
    db.jdbc().sql("insert into runtime_batches (id, cluster_id, format, received_at, events, bytes, raw, attempts)"
            + " values (?, ?, 'kubernetes-audit', ?, 2, ?, ?, ?)")
        .params(crashed, cluster, java.sql.Timestamp.from(Instant.now().minusSeconds(60)), (long) raw.length, raw,
            MAX_ATTEMPTS)
        .update();

    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> col(batch(crashed), "failed_at") != null);
    Map<String, Object> row = batch(crashed);
    assertThat(((Number) col(row, "attempts")).intValue()).isEqualTo(MAX_ATTEMPTS);
    assertThat(String.valueOf(col(row, "last_error"))).contains("did not finish " + MAX_ATTEMPTS + " times");
    assertThat(alertsOf("crash-user@example.com")).as("not started again, so not evaluated").isZero();
    JsonNode sensorRow = securityAdmin.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json().get(0);
    assertThat(sensorRow.get("failedBatches").asLong()).isEqualTo(failedBefore + 1);
    assertThat(sensorRow.get("lastFailure").asString()).contains(crashed, "did not finish");
    assertThat(admin.get("/api/v1/runtime/pipeline").json().get("failedBatches").asLong()).isEqualTo(setAsideBefore + 1);

    // An orphan with attempts to spare is recovered as usual, its start counted.
    byte[] orphanRaw = exec("orphan-user@example.com").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String orphan = "orphan-" + System.nanoTime();
    db.jdbc().sql("insert into runtime_batches (id, cluster_id, format, received_at, events, bytes, raw, attempts)"
            + " values (?, ?, 'kubernetes-audit', ?, 2, ?, ?, 0)")
        .params(orphan, cluster, java.sql.Timestamp.from(Instant.now().minusSeconds(60)), (long) orphanRaw.length,
            orphanRaw)
        .update();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> alertsOf("orphan-user@example.com") == 1);
    assertThat(((Number) col(batch(orphan), "attempts")).intValue()).isEqualTo(1);
    assertThat(col(batch(orphan), "failed_at")).isNull();

    // Set aside means listed, like any failed batch, and retried only on request.
    ApiClient.Response retry = securityAdmin.post("/api/v1/clusters/" + cluster + "/runtime/failed-batches/"
        + crashed + "/retry", Map.of());
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> alertsOf("crash-user@example.com") == 1);
  }

  String scrape() throws Exception {
    String token = admin.post("/api/v1/tokens", Map.of("name", "prometheus", "kind", "api", "role", "reader")).json()
        .get("secret").asString();
    var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(server.baseUrl() + "/actuator/prometheus"))
        .header("Authorization", "Bearer " + token).header("Accept", "text/plain;version=0.0.4;q=0.9,*/*;q=0.1")
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  long completedSweeps() {
    return db.jdbc().sql("select count(*) from jobs where type = ? and status = 'done'")
        .param(RuntimeBatchRecovery.TYPE).query(Long.class).single();
  }

  @Test
  @Order(2)
  void aStatusChangeAndItsSiemMessagesCommitTogether() {
    ApiClient.Response siem = securityAdmin.post("/api/v1/workspaces/" + workspace + "/siem-destinations",
        Map.of("name", "soc", "type", "webhook", "url", "http://127.0.0.1:9/hook",
            "secretRef", "file:/nonexistent/hmac"));
    assertThat(siem.status()).as(siem.toString()).isEqualTo(201);
    post(exec("siem-a@example.com"));
    post(exec("siem-b@example.com"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> alertsOf("siem-a@example.com") == 1 && alertsOf("siem-b@example.com") == 1);
    String a = alertId("siem-a@example.com");
    String b = alertId("siem-b@example.com");
    assertThat(updates(a)).isZero();

    // The outbox refuses status-change messages: the status change rolls back with it.
    db.jdbc().sql("alter table notification_outbox add constraint test_no_updates check (event <> 'alert.updated')")
        .update();
    try {
      ApiClient.Response refused = securityAdmin.post("/api/v1/runtime/alerts/status",
          Map.of("alertIds", List.of(a), "status", "In progress", "comment", "looking"));
      assertThat(refused.status()).as(refused.toString()).isGreaterThanOrEqualTo(500);
      assertThat(alertStatus(a)).isEqualTo("Active");
      assertThat(statusHistory(a)).isZero();
      // So does a suppression rule applied to existing alerts.
      ApiClient.Response rule = securityAdmin.post("/api/v1/runtime/suppression-rules", Map.of(
          "name", "b is known", "detectionIds", List.of("k8s-pod-exec"), "user", "siem-b@*", "reason", "test"));
      assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
      String ruleId = rule.json().get("id").asString();
      ApiClient.Response apply = securityAdmin.post("/api/v1/runtime/suppression-rules/" + ruleId + "/apply",
          Map.of());
      assertThat(apply.status()).as(apply.toString()).isGreaterThanOrEqualTo(500);
      assertThat(alertStatus(b)).isEqualTo("Active");
      assertThat(updates(a) + updates(b)).isZero();
    } finally {
      db.jdbc().sql("alter table notification_outbox drop constraint test_no_updates").update();
    }

    // Both alerts changed in one request: exactly one message each, saying who changed it and why.
    ApiClient.Response ok = securityAdmin.post("/api/v1/runtime/alerts/status",
        Map.of("alertIds", List.of(a, b), "status", "In progress", "comment", "looking into it"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(alertStatus(a)).isEqualTo("In progress");
    assertThat(updates(a)).isEqualTo(1);
    assertThat(updates(b)).isEqualTo(1);
    assertThat(payloads(a).get(0)).contains("looking into it")
        .containsAnyOf("\"status\":\"IN_PROGRESS\"", "\"status\":\"In progress\"");
    // Unchanged alerts send nothing.
    securityAdmin.post("/api/v1/runtime/alerts/status",
        Map.of("alertIds", List.of(a), "status", "In progress", "comment", "still looking"));
    assertThat(updates(a)).isEqualTo(1);

    // A status change through the generic findings API streams too, in its transaction.
    long findingB = securityAdmin.get("/api/v1/runtime/alerts/" + b).json().get("findingId").asLong();
    ApiClient.Response viaFindings = securityAdmin.put("/api/v1/findings/" + findingB + "/status",
        Map.of("status", "resolved", "comment", "fixed"));
    assertThat(viaFindings.status()).as(viaFindings.toString()).isLessThan(300);
    assertThat(updates(b)).isEqualTo(2);
  }

  String alertId(String user) {
    return db.jdbc().sql("select id from runtime_alerts where cluster_id = ? and body like ?")
        .params(cluster, "%" + user + "%").query(String.class).single();
  }

  String alertStatus(String id) {
    return securityAdmin.get("/api/v1/runtime/alerts/" + id).json().get("status").asString();
  }

  long statusHistory(String id) {
    long findingId = securityAdmin.get("/api/v1/runtime/alerts/" + id).json().get("findingId").asLong();
    return db.jdbc().sql("select count(*) from finding_history where finding_id = ? and field = 'status'")
        .param(findingId).query(Long.class).single();
  }

  List<String> payloads(String alertId) {
    return new ArrayList<>(db.jdbc().sql("select payload from notification_outbox where channel = 'siem'"
            + " and event = 'alert.updated' and payload like ?")
        .param("%\"id\":\"" + alertId + "\"%").query(String.class).list());
  }

  long updates(String alertId) {
    return payloads(alertId).size();
  }
}
