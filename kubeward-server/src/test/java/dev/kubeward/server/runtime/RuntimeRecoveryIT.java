package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ServerProcess;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted batches survive a server killed while processing them: a server in a JVM of its own accepts batches of
 * exec events (each on its own user, so each is its own alert), is SIGKILLed while its single pipeline thread is
 * still working through them, and a new server on the same PostgreSQL processes the rest through the recovery job
 * — every event once, the alert count exact, no alert counted twice. PostgreSQL only (two JVMs share the database);
 * skips visibly without it.
 */
class RuntimeRecoveryIT {
  static final int BATCHES = 40;
  static final int EXECS_PER_BATCH = 50;

  @Test
  void batchesAcceptedByAKilledServerAreProcessedExactlyOnceAfterRestart(@TempDir Path dir) throws Exception {
    TestDatabase db = TestDatabases.postgres();
    Process child = null;
    TestServer second = null;
    try {
      Path portFile = dir.resolve("port");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(),
          portFile.toString(), dir.resolve("data").toString(), "--spring.datasource.url=" + db.url(),
          "--kubeward.runtime.workers=1", "--kubeward.runtime.recovery-after=PT1H", "--kubeward.demo=false");
      pb.environment().remove("KUBEWARD_DB_URL");
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("first-server.log").toFile());
      child = pb.start();
      Process p = child;
      Path log = dir.resolve("first-server.log");
      try {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
            .failFast(() -> !p.isAlive())
            .until(() -> Files.exists(portFile));
      } catch (RuntimeException e) {
        throw new AssertionError("the first server did not start:\n" + Files.readString(log), e);
      }
      String base = "http://127.0.0.1:" + Files.readString(portFile).trim();
      ApiClient admin = ApiClient.session(base, "admin", TestServer.ADMIN_PASSWORD);
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Recovery")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json()
          .get("id").asString();
      ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "audit", "kind", "ingestion",
          "clusterId", cluster));
      assertThat(t.status()).as(t.toString()).isEqualTo(201);
      ApiClient sensor = ApiClient.token(base, t.json().get("secret").asString());
      // A SIEM destination (down: nothing is delivered, the outbox keeps every message) to count the streaming.
      ApiClient.Response siem = admin.post("/api/v1/workspaces/" + ws + "/siem-destinations", Map.of("name", "soc",
          "type", "webhook", "url", "http://127.0.0.1:9/hook", "secretRef", "file:/nonexistent/hmac"));
      assertThat(siem.status()).as(siem.toString()).isEqualTo(201);

      List<String> accepted = new ArrayList<>();
      Instant at = Instant.now();
      for (int b = 0; b < BATCHES; b++) {
        ApiClient.Response r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit",
            ExecBatches.execs("recovery-" + b, EXECS_PER_BATCH, at), "application/json");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        accepted.add(r.json().get("batchId").asString());
      }
      // Kill it the hard way once it is working through the batches, before it is done.
      Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> processed(db, cluster) >= 1);
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long processedBeforeKill = processed(db, cluster);
      long left = BATCHES - processedBeforeKill;
      assertThat(left).as("the first server must die with batches still to do, or this test proves nothing")
          .isPositive();
      assertThat(alerts(db, cluster)).isEqualTo(processedBeforeKill * EXECS_PER_BATCH);
      assertThat(streamed(db)).as("outbox rows commit with the alerts: " + db.jdbc().sql("select event, state,"
          + " count(*) as n, sum(case when payload like '%k8s-pod-exec%' then 1 else 0 end) as exec from"
          + " notification_outbox group by event, state").query().listOfRows())
          .isEqualTo(processedBeforeKill * EXECS_PER_BATCH);

      second = TestServer.start(db, "--kubeward.runtime.recovery-after=PT0S",
          "--kubeward.runtime.recovery-interval=PT1S", "--kubeward.jobs.poll-interval=PT0.2S");
      TestServer s = second;
      RuntimeBatchRecovery recovery = s.running().context().getBean(RuntimeBatchRecovery.class);
      Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> processed(db, cluster) == BATCHES && recovery.recoveredCount() >= left);

      // Every event once: the new server processed exactly the batches the first left, each with all its events.
      RuntimePipelineService.Stats stats = s.running().context().getBean(RuntimePipelineService.class).stats();
      assertThat(stats.processedBatches()).isEqualTo(left);
      assertThat(stats.processedEvents()).isEqualTo(left * EXECS_PER_BATCH);
      assertThat(recovery.recoveredCount()).isEqualTo(left);
      // The alert count is exact and no alert was counted twice (a batch replayed on top of its committed alerts
      // would have merged into them: hits 2).
      long expected = (long) BATCHES * EXECS_PER_BATCH;
      assertThat(alerts(db, cluster)).isEqualTo(expected);
      assertThat(db.jdbc().sql("select coalesce(sum(hits), 0) from runtime_alerts where cluster_id = ?"
          + " and detection_id = 'k8s-pod-exec'").param(cluster).query(Long.class).single()).isEqualTo(expected);
      assertThat(db.jdbc().sql("select count(*) from findings where cluster_id = ? and source = 'runtime'"
          + " and rule_id = 'k8s-pod-exec'").param(cluster).query(Long.class).single()).isEqualTo(expected);
      assertThat(db.jdbc().sql("select count(*) from runtime_events where cluster_id = ?").param(cluster)
          .query(Long.class).single()).isEqualTo(expected);
      // Every alert streamed once: one outbox message per new alert, none lost to the kill, none twice.
      assertThat(streamed(db)).isEqualTo(expected);
      // And the API shows them.
      assertThat(s.admin().get("/api/v1/runtime/pipeline").json().get("processedBatches").asLong())
          .isEqualTo(left);
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      if (second != null) {
        second.close(); // drops the schema
      } else {
        db.close();
      }
    }
  }

  static long processed(TestDatabase db, String cluster) {
    return db.jdbc().sql("select count(*) from runtime_batches where cluster_id = ? and processed_at is not null")
        .param(cluster).query(Long.class).single();
  }

  static long streamed(TestDatabase db) {
    return db.jdbc().sql("select count(*) from notification_outbox where channel = 'siem' and event = 'alert.created'"
        + " and payload like '%\"detectionId\":\"k8s-pod-exec\"%'").query(Long.class).single();
  }

  static long alerts(TestDatabase db, String cluster) {
    return db.jdbc().sql("select count(*) from runtime_alerts where cluster_id = ? and detection_id = 'k8s-pod-exec'")
        .param(cluster).query(Long.class).single();
  }
}
