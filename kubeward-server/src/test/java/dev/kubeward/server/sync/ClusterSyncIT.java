package dev.kubeward.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.inventory.ClusterWriteFence;
import dev.kubeward.server.jobs.Job;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.JobResult;
import dev.kubeward.server.jobs.JobStatus;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inventory syncs as queue jobs in one server (H2, the server's own job runner): the periodic sync re-reads a
 * cluster's source and its full reports resolve and open findings; and a sync whose list is older than a watch write
 * stands aside instead of undoing it. The multi-process case (two workers, one killed mid-sync, PostgreSQL) is
 * {@code ClusterSyncWorkersIT} in kubeward-cli.
 */
class ClusterSyncIT {
  static TestServer server;
  static ApiClient admin;
  static Path roots;
  static String workspace;
  static ApplicationContext context;
  static JdbcClient jdbc;

  @BeforeAll
  static void start() throws Exception {
    roots = Files.createTempDirectory("kubeward-sync-");
    server = TestServer.start("--kubeward.sources.allowed-roots=" + roots,
        "--kubeward.inventory.sync-interval=PT2S", "--kubeward.inventory.sync-check-interval=PT0.3S",
        "--kubeward.jobs.poll-interval=PT0.2S");
    admin = server.tokenWithRole("securityAdmin");
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Sync")).json().get("id").asString();
    context = server.running().context();
    jdbc = context.getBean(JdbcClient.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String deployment(String name, boolean privileged) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: shop}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
                - name: app
                  image: registry.example/%s@sha256:%s
                  securityContext: {privileged: %s}
        """.formatted(name, name, name, name, "a".repeat(64), privileged);
  }

  static String connect(String name, Path folder) {
    String id = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", name)).json().get("id")
        .asString();
    ApiClient.Response loaded = admin.put("/api/v1/clusters/" + id + "/source",
        Map.of("mode", "manifests", "manifestsPath", folder.toString()));
    assertThat(loaded.json().get("state").asString()).as(loaded.body()).isEqualTo("ready");
    return id;
  }

  static List<String> present(String cluster, String ruleId) {
    return jdbc.sql("select resource_name from findings where cluster_id = ? and kind = 'misconfiguration'"
            + " and rule_id = ? and present = true order by resource_name")
        .params(cluster, ruleId).query(String.class).list();
  }

  static List<ClusterSyncDao.SyncRun> syncs(String cluster) {
    return context.getBean(ClusterSyncDao.class).recent(cluster, 100);
  }

  @Test
  void periodicSyncRereadsTheSourceAndItsFullReportsResolveAndOpenFindings() throws Exception {
    Path folder = Files.createDirectories(roots.resolve("periodic"));
    Files.writeString(folder.resolve("web.yaml"), deployment("web", true));
    String cluster = connect("periodic", folder);
    assertThat(present(cluster, "KW-PSS-001")).containsExactly("web");

    Awaitility.await("a first sync").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> syncs(cluster).stream().anyMatch(s -> s.outcome().equals("synced")));
    ClusterSyncDao.SyncRun first = syncs(cluster).get(0);
    assertThat(first.objects()).isPositive();
    assertThat(first.misconfigurations()).isPositive();
    assertThat(present(cluster, "KW-PSS-001")).as("the sync sees what the load saw").containsExactly("web");

    // The manifests change; nothing watches a folder, so only the next sync can notice.
    Instant changed = Instant.now();
    Files.writeString(folder.resolve("web.yaml"), deployment("web", false));
    Files.writeString(folder.resolve("batch.yaml"), deployment("batch", true));
    Awaitility.await("a sync after the change").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> syncs(cluster).stream().anyMatch(s -> s.outcome().equals("synced")
            && s.listedAt().isAfter(changed)));
    assertThat(present(cluster, "KW-PSS-001")).as("web resolved, batch opened").containsExactly("batch");
    String resolvedStatus = jdbc.sql("select status from findings where cluster_id = ? and rule_id = 'KW-PSS-001'"
        + " and resource_name = 'web'").param(cluster).query(String.class).single();
    assertThat(resolvedStatus).isEqualTo("resolved");
    assertThat(jdbc.sql("select count(*) from findings where cluster_id = ? and kind = 'compliance' and present = true")
        .param(cluster).query(Long.class).single()).as("compliance written by the sync too").isPositive();
    // The server's own view of the folder (compliance API, quick fixes, vulnerability assessment) follows the sync.
    var inventories = context.getBean(dev.kubeward.server.inventory.ClusterInventoryService.class);
    Awaitility.await("the server reads the folder again").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> inventories.get(cluster).map(i -> i.inventory().all()
            .anyMatch(o -> o.ref().name().equals("batch"))).orElse(false));

    // One sync per cluster at a time: the cluster id is the dedup key, however often it is queued.
    JobQueue queue = context.getBean(JobQueue.class);
    long jobs = jdbc.sql("select count(*) from jobs where type = 'cluster-sync' and dedup_key = ?"
        + " and status in ('queued', 'running', 'failed')").param(cluster).query(Long.class).single();
    assertThat(jobs).isLessThanOrEqualTo(1);
    JobQueue.Enqueued again = ClusterSyncJobs.enqueue(queue, cluster, Instant.now());
    JobQueue.Enqueued twice = ClusterSyncJobs.enqueue(queue, cluster, Instant.now());
    assertThat(twice.id()).isEqualTo(again.id());
    assertThat(twice.created()).isFalse();
  }

  @Test
  void aSyncWhoseListIsOlderThanAWatchWriteStandsAsideAndUndoesNothing() throws Exception {
    Path folder = Files.createDirectories(roots.resolve("fenced"));
    Files.writeString(folder.resolve("web.yaml"), deployment("web", true));
    String cluster = connect("fenced", folder);

    // A sync lists and evaluates now (run by hand, as a runner would)...
    ClusterSyncJobs handler = context.getBean(ClusterSyncJobs.class);
    Instant now = Instant.now();
    Job job = new Job(-42, ClusterSyncJobs.TYPE, cluster, "{\"clusterId\":\"" + cluster + "\"}", JobStatus.RUNNING, 1,
        3, now, "test-runner", now.plusSeconds(60), null, null, now, now, now, null);
    JobResult result = handler.handle(new JobContext() {
      @Override
      public Job job() {
        return job;
      }

      @Override
      public boolean leaseHeld() {
        return true;
      }
    });

    // ...then a server's watch writes a newer increment: a finding the sync's list never saw.
    TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    FindingIngestService ingest = context.getBean(FindingIngestService.class);
    ClusterWriteFence fence = context.getBean(ClusterWriteFence.class);
    tx.executeWithoutResult(s -> {
      fence.recordWatchWrite(cluster);
      ingest.report(FindingReport.incremental(cluster, FindingKind.MISCONFIGURATION, "posture"),
          List.of(ReportedFinding.builder("KW-PSS-001", "Privileged container", Severity.HIGH)
              .key("watch-only").resource("shop", "Deployment", "from-watch").build()), List.of());
    });
    assertThat(present(cluster, "KW-PSS-001")).containsExactly("from-watch", "web");

    // The sync's completion: its full report would resolve "from-watch"; the fence makes it stand aside. Checked in
    // the completion's transaction, which holds the fence's row lock, so the periodic syncs of this cluster (every
    // 2 s here) cannot write in between.
    tx.executeWithoutResult(s -> {
      result.write().run();
      ClusterSyncDao.SyncRun run = syncs(cluster).stream().filter(r -> r.jobId() == -42).findFirst().orElseThrow();
      assertThat(run.outcome()).isEqualTo("superseded");
      assertThat(present(cluster, "KW-PSS-001")).as("the watch's newer finding survives")
          .containsExactly("from-watch", "web");
    });
    assertThat(context.getBean(JobQueue.class).active(ClusterSyncJobs.TYPE, cluster)).as("the next sync is queued")
        .isPresent();
  }
}
