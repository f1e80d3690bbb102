package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Stateful detections across a restart: the threshold "20 forbidden requests by one user within 5 minutes" is fed 12
 * requests by a first server and 12 more after a restart — once by a batch the first server accepted but never
 * processed (left to the recovery, as a crash leaves it), once by a batch posted to the new server. Threshold state
 * lives in memory only, so each new engine is replayed the cluster's processed batches of the last correlation window:
 * both bursts fire, once each, and the replayed events raise nothing again (an exec alert of the first server keeps
 * its single hit). And a live engine that was in use while the recovery processed an older batch learns of it. Runs
 * on H2 here and on PostgreSQL in {@link RuntimeReplayPostgresIT}.
 */
class RuntimeReplayIT {
  static final String BURST = "k8s-forbidden-burst";

  TestDatabase database() {
    return TestDatabases.h2SurvivingRestarts();
  }

  static String forbidden(String user, int count, Instant at) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < count; i++) {
      items.append(i == 0 ? "" : ",").append("""
          {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%s","stage":"ResponseComplete",
           "requestURI":"/api/v1/nodes","verb":"list","user":{"username":"%s","groups":["system:authenticated"]},
           "sourceIPs":["203.0.113.9"],"userAgent":"curl/8.5","objectRef":{"resource":"nodes","apiVersion":"v1"},
           "responseStatus":{"code":403},"annotations":{"authorization.k8s.io/decision":"forbid"},
           "requestReceivedTimestamp":"%s","stageTimestamp":"%s"}"""
          .formatted(UUID.randomUUID(), user, at.plusMillis(i), at.plusMillis(i)));
    }
    return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + items + "]}";
  }

  @Test
  void thresholdsSpanningARestartFireOnceThroughTheRecoveryAndTheLivePipeline() throws Exception {
    TestDatabase db = database();
    Instant at = Instant.now();
    String cluster;
    String sensorSecret;
    // The first server: the recovery waits an hour, so the batch it is handed but never processes stays orphaned.
    try (TestServer first = TestServer.start(db.shared(), args(db, "--kubeward.runtime.recovery-after=PT1H",
        "--kubeward.runtime.workers=1"))) {
      ApiClient admin = first.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Replay")).json().get("id").asString();
      cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "audit", "kind", "ingestion",
          "clusterId", cluster));
      sensorSecret = t.json().get("secret").asString();
      ApiClient sensor = ApiClient.token(first.baseUrl(), sensorSecret);
      post(sensor, forbidden("mallory@example.com", 12, at));
      post(sensor, RuntimeIngestIT.exec("alice@example.com", "web-1", at));
      post(sensor, forbidden("trudy@example.com", 12, at));
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 3);
      // The cluster's engine was built for its first batch, with nothing before it to replay (not even that batch).
      assertThat(first.running().context().getBean(BatchReplay.class).replayedBatches()).isZero();

      // Accepted but not processed: stored exactly as the ingestion endpoint stores it, then the process goes away.
      String orphan = UUID.randomUUID().toString();
      byte[] raw = forbidden("mallory@example.com", 12, at.plusSeconds(1)).getBytes(StandardCharsets.UTF_8);
      Instant received = Instant.now();
      List<RuntimeEvent> events = first.running().context().getBean(RuntimeIngestService.class).formats()
          .parseBatch("kubernetes-audit", new ByteArrayInputStream(raw),
              new IngestContext(cluster, orphan, received), IngestLimits.DEFAULT).events();
      first.running().context().getBean(RuntimeEventStore.class).insertBatch(orphan, cluster, "kubernetes-audit",
          received, raw, events);
      assertThat(bursts(db, cluster, "mallory@example.com")).isZero();
      assertThat(bursts(db, cluster, "trudy@example.com")).isZero();
    }

    // The second server starts with empty engines: what the thresholds held is gone with the first one's memory.
    try (TestServer second = TestServer.start(db, args(db, "--kubeward.runtime.recovery-after=PT0S",
        "--kubeward.runtime.recovery-interval=PT1S", "--kubeward.jobs.poll-interval=PT0.2S",
        "--kubeward.runtime.workers=1"))) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 4);
      // The recovered batch went through an engine replayed with the batches before it: 12 + 12 crossed 20.
      assertThat(bursts(db, cluster, "mallory@example.com")).isEqualTo(1);

      // A live batch after the restart: the cluster's new engine was replayed the window before it.
      post(ApiClient.token(second.baseUrl(), sensorSecret), forbidden("trudy@example.com", 12, at.plusSeconds(2)));
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 5);
      assertThat(bursts(db, cluster, "trudy@example.com")).isEqualTo(1);

      // Replayed events only re-fed state: nothing they matched was recorded again.
      assertThat(db.jdbc().sql("select count(*) from runtime_alerts where cluster_id = ? and detection_id ="
          + " 'k8s-pod-exec'").param(cluster).query(Long.class).single()).isEqualTo(1);
      assertThat(db.jdbc().sql("select hits from runtime_alerts where cluster_id = ? and detection_id ="
          + " 'k8s-pod-exec'").param(cluster).query(Long.class).single()).isEqualTo(1);
      assertThat(db.jdbc().sql("select coalesce(sum(hits), 0) from runtime_alerts where cluster_id = ?"
          + " and detection_id = ?").params(cluster, BURST).query(Long.class).single()).isEqualTo(2);
      BatchReplay replay = second.running().context().getBean(BatchReplay.class);
      assertThat(replay.replayedEvents()).isPositive();
    }
  }

  @Test
  void aLiveEngineThatNeverSawARecoveredBatchIsReplayedWithIt() throws Exception {
    // One server, whose live engine is in use when the recovery processes a batch another instance accepted and
    // never processed (it died): 10 live + 5 recovered + 5 live make 20 only if the live engine learns of the 5.
    TestDatabase db = database();
    try (TestServer server = TestServer.start(db, args(db, "--kubeward.runtime.recovery-after=PT2S",
        "--kubeward.runtime.recovery-interval=PT1S", "--kubeward.jobs.poll-interval=PT0.2S",
        "--kubeward.runtime.workers=1"))) {
      ApiClient admin = server.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Replay")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      ApiClient sensor = ApiClient.token(server.baseUrl(), admin.post("/api/v1/tokens", Map.of("name", "audit",
          "kind", "ingestion", "clusterId", cluster)).json().get("secret").asString());
      Instant at = Instant.now();
      post(sensor, forbidden("eve@example.com", 10, at));
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 1);

      String orphan = UUID.randomUUID().toString();
      byte[] raw = forbidden("eve@example.com", 5, at.plusSeconds(1)).getBytes(StandardCharsets.UTF_8);
      Instant received = Instant.now();
      server.running().context().getBean(RuntimeEventStore.class).insertBatch(orphan, cluster, "kubernetes-audit",
          received, raw, server.running().context().getBean(RuntimeIngestService.class).formats()
              .parseBatch("kubernetes-audit", new ByteArrayInputStream(raw),
                  new IngestContext(cluster, orphan, received), IngestLimits.DEFAULT).events());
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 2);
      assertThat(bursts(db, cluster, "eve@example.com")).as("15 so far").isZero();

      post(sensor, forbidden("eve@example.com", 5, at.plusSeconds(2)));
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> processed(db, cluster) == 3);
      assertThat(bursts(db, cluster, "eve@example.com")).isEqualTo(1);
    }
  }

  /** A file database (it outlives the restart): Boot gives "sa" only to in-memory H2 ones. */
  static String[] args(TestDatabase db, String... args) {
    if (db.dialect() != dev.kubeward.server.db.SqlDialect.H2) {
      return args;
    }
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = "--spring.datasource.username=sa";
    return out;
  }

  static void post(ApiClient sensor, String body) {
    ApiClient.Response r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit", body,
        "application/json");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
  }

  static long processed(TestDatabase db, String cluster) {
    return db.jdbc().sql("select count(*) from runtime_batches where cluster_id = ? and processed_at is not null")
        .param(cluster).query(Long.class).single();
  }

  static long bursts(TestDatabase db, String cluster, String user) {
    return db.jdbc().sql("select count(*) from runtime_alerts where cluster_id = ? and detection_id = ?"
        + " and body like ?").params(cluster, BURST, "%" + user + "%").query(Long.class).single();
  }
}
