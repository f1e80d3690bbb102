package dev.kubeward.server.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.PrivatePostgres;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test: the server's PostgreSQL crashes ({@code pg_ctl stop -m immediate}) and comes back while findings are
 * being ingested and a cluster is being scanned. Ingestion acknowledges only what is stored, so every acknowledged
 * report must be there afterwards (exactly once); reports refused during the outage are retried by their producer
 * and land too; readiness goes down and back up; the connection pool reconnects by itself; the scan that failed
 * during the outage succeeds once the database is back.
 */
class PostgresRestartIT {
  static final int BATCH = 10;

  @Test
  void theServerReconnectsAndLosesNothingAcknowledged(@TempDir Path roots) throws Exception {
    try (PrivatePostgres pg = PrivatePostgres.create();
        TestDatabase db = TestDatabases.postgresAt(pg.jdbcUrl());
        TestServer server = TestServer.start(db.shared(), "--kubeward.sources.allowed-roots=" + roots,
            "--kubeward.health.migrations-cache=0s")) {
      ApiClient admin = server.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Faults")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      Path manifests = Files.createDirectories(roots.resolve("prod"));
      Files.writeString(manifests.resolve("app.yaml"), """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: shop}
          spec:
            template:
              spec:
                containers: [{name: web, image: "registry.example/web:1", securityContext: {privileged: true}}]
          """);
      assertThat(admin.put("/api/v1/clusters/" + cluster + "/source",
          Map.of("mode", "manifests", "manifestsPath", manifests.toString())).status()).isEqualTo(200);
      String token = admin.post("/api/v1/tokens", Map.of("name", "ops", "kind", "api", "role", "securityAdmin"))
          .json().get("secret").asString();
      ApiClient ops = ApiClient.token(server.baseUrl(), token);

      FindingIngestService ingest = server.running().context().getBean(FindingIngestService.class);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger refused = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger next = new AtomicInteger();
      // A producer like a sensor: sends numbered batches, counts a batch as delivered only when ingest returns, and
      // sends a refused batch again after a pause.
      Thread producer = new Thread(() -> {
        while (!stop.get()) {
          int n = next.getAndIncrement();
          List<ReportedFinding> batch = batch(n);
          while (!stop.get()) {
            try {
              ingest.report(FindingReport.incremental(cluster, FindingKind.ALERT, "fault-test"), batch);
              batch.forEach(f -> acknowledged.add(f.key()));
              break;
            } catch (RuntimeException e) {
              refused.incrementAndGet();
              sleep(200);
            }
          }
          sleep(20);
        }
      }, "fault-producer");
      producer.start();
      try {
        Awaitility.await("ingestion under way").atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
        assertThat(ready(server)).isEqualTo(200);

        long downAt = System.nanoTime();
        pg.stop(true);
        int before = acknowledged.size();
        Awaitility.await("readiness down").atMost(Duration.ofSeconds(30)).until(() -> ready(server) == 503);
        // Scanning while the database is away fails and says so; the dashboard's own API answers 5xx, not hangs.
        ApiClient.Response scan = ops.post("/api/v1/clusters/" + cluster + "/inventory/refresh", Map.of());
        assertThat(scan.status()).isNotEqualTo(200).isLessThan(600);
        assertThat(server.anonymous().get("/actuator/health/liveness").status()).as("liveness stays up").isEqualTo(200);
        sleep(1000);
        assertThat(acknowledged.size()).as("nothing is acknowledged while the database is down").isEqualTo(before);

        long downMs = (System.nanoTime() - downAt) / 1_000_000;
        pg.start();
        long upAt = System.nanoTime();
        Awaitility.await("readiness up again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> ready(server) == 200);
        long readyMs = (System.nanoTime() - upAt) / 1_000_000;
        int resumedAt = acknowledged.size();
        Awaitility.await("ingestion resumed").atMost(Duration.ofSeconds(60))
            .until(() -> acknowledged.size() >= resumedAt + 200);
        System.err.printf("[kubeward-test] PostgreSQL crash-restart: database down %d ms, server ready %d ms after"
            + " PostgreSQL accepted connections again, %d refused attempts, %d findings acknowledged%n", downMs, readyMs,
            refused.get(), acknowledged.size());
        assertThat(refused.get()).as("the outage was seen by the producer").isPositive();

        // The scan runs again once the database is back.
        ApiClient.Response rescan = ops.post("/api/v1/clusters/" + cluster + "/inventory/refresh", Map.of());
        assertThat(rescan.status()).as(rescan.toString()).isEqualTo(200);
      } finally {
        stop.set(true);
        producer.join(30_000);
      }

      // Every acknowledged finding is stored, exactly once.
      List<String> stored = db.jdbc().sql("select finding_key from findings where cluster_id = ? and source = ?")
          .params(cluster, "fault-test").query(String.class).list();
      Set<String> unique = new HashSet<>(stored);
      assertThat(stored).hasSameSizeAs(unique);
      assertThat(unique).containsAll(acknowledged);
      Awaitility.await("misconfigurations stored after the restart").atMost(Duration.ofSeconds(30)).until(() ->
          ops.get("/api/v1/clusters/" + cluster + "/findings?kind=misconfiguration&status=open").body()
              .contains("KW-PSS-001"));
    }
  }

  static List<ReportedFinding> batch(int n) {
    List<ReportedFinding> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(ReportedFinding.builder("KW-RT-FAULT", "Fault test alert " + n + "." + i, Severity.MEDIUM)
          .key("fault-" + n + "-" + i).build());
    }
    return batch;
  }

  static int ready(TestServer server) {
    return server.anonymous().get("/actuator/health/readiness").status();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
