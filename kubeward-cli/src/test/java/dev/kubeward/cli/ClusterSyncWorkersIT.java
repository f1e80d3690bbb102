package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.cli.testing.KubewardProcesses;
import dev.kubeward.inventory.ClusterConnection;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.testing.MockKubeconfig;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inventory syncs spread over scale-out workers: one {@code kubeward serve} (which schedules the syncs and, here, runs
 * no jobs itself) and two {@code kubeward worker} processes on one PostgreSQL schema; four clusters, each a fabric8
 * mock API server in CRUD mode with its own workloads. One worker is killed (SIGKILL) in the middle of a sync: its
 * sync is taken over once the lease expires, every cluster is synced exactly once, and each cluster's stored
 * misconfiguration findings are exactly what the posture engine finds in that cluster.
 */
class ClusterSyncWorkersIT {
  static final int CLUSTERS = 4;
  /** Deployments per cluster: enough objects that a sync on a cold worker takes a few seconds. */
  static final int DEPLOYMENTS = 250;

  @TempDir
  Path temp;

  /** Held so the mock servers' per-request INFO lines stay out of the build log (a logger is weakly referenced). */
  static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  final List<KubernetesMockServer> mocks = new ArrayList<>();
  final List<KubernetesClient> clients = new ArrayList<>();
  TestDatabase db;
  KubewardProcesses processes;

  @AfterEach
  void stopAll() throws Exception {
    if (processes != null) {
      processes.close();
    }
    clients.forEach(KubernetesClient::close);
    for (KubernetesMockServer mock : mocks) {
      try {
        mock.destroy();
      } catch (IllegalStateException e) {
        // fabric8's mock waits a few seconds for its event loop to close and throws past that (seen once in CI,
        // after every assertion had passed); a slow teardown of a test double is not a finding of the test.
        System.err.println("[kubeward-test] a mock API server did not close in time: " + e.getMessage());
      }
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void syncsOfSeveralClustersSpreadOverWorkersAndAKilledWorkersSyncIsTakenOverOnce() throws Exception {
    db = TestDatabases.postgres();
    String url = db.url();
    processes = new KubewardProcesses(temp, "sync-it-admin-password");

    // The clusters: each its own mock API server, with different workloads (cluster i has i+1 privileged ones).
    List<Path> kubeconfigs = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          new KubernetesCrudDispatcher(), false);
      mock.init();
      mocks.add(mock);
      KubernetesClient client = mock.createClient();
      clients.add(client);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
          .create();
      for (int d = 0; d < DEPLOYMENTS; d++) {
        client.apps().deployments().inNamespace("shop").resource(deployment("app-" + d, d <= i)).create();
      }
      kubeconfigs.add(MockKubeconfig.write(temp.resolve("kubeconfig-" + i), client));
    }

    // The server schedules syncs every check (interval: one a day, so each cluster is synced exactly once here) but
    // runs no jobs: the workers do them all.
    processes.start("server", List.of("-Dkubeward.jobs.runner.enabled=false", "-Dkubeward.inventory.sync-interval=P1D",
        "-Dkubeward.inventory.sync-check-interval=PT1S"), "serve", "--port", "0", "--data-dir",
        temp.resolve("server").toString(), "--db-url", url);
    processes.awaitOutput("server", KubewardProcesses.SERVER_UP);
    JdbcClient jdbc = db.jdbc();

    // Clusters registered straight in the database, as another server replica would have: this server does not
    // watch them (it loads sources at start), so the syncs are the only writers of their findings.
    String workspace = UUID.randomUUID().toString();
    jdbc.sql("insert into workspaces (id, name, created_at) values (?, 'sync-it', now())").param(workspace).update();
    List<String> clusterIds = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      String id = UUID.randomUUID().toString();
      clusterIds.add(id);
      jdbc.sql("insert into clusters (id, workspace_id, name, created_at) values (?, ?, ?, now())")
          .params(id, workspace, "cluster-" + i).update();
      jdbc.sql("insert into cluster_sources (cluster_id, mode, kubeconfig_path, context, updated_at, updated_by)"
          + " values (?, 'KUBECONFIG', ?, 'mock', now(), 'test')").params(id, kubeconfigs.get(i).toString()).update();
    }

    List<String> workerArgs = List.of("-Dkubeward.jobs.lease=PT10S", "-Dkubeward.jobs.heartbeat=PT2S",
        "-Dkubeward.jobs.poll-interval=PT0.2S", "-Dkubeward.jobs.runner.concurrency=1");
    processes.start("worker-1", workerArgs, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "1",
        "--data-dir", temp.resolve("w1").toString());
    processes.start("worker-2", workerArgs, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "1",
        "--data-dir", temp.resolve("w2").toString());
    String worker1 = processes.awaitOutput("worker-1", KubewardProcesses.WORKER_UP).group(1);
    String worker2 = processes.awaitOutput("worker-2", KubewardProcesses.WORKER_UP).group(1);
    long t0 = System.nanoTime();

    // Kill worker 1 while it is in the middle of a sync.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
            "select count(*) from jobs where type = 'cluster-sync' and status = 'running' and lease_owner = ?")
        .param(worker1).query(Long.class).single() == 1);
    long killedJob = jdbc.sql("select id from jobs where type = 'cluster-sync' and status = 'running'"
        + " and lease_owner = ?").param(worker1).query(Long.class).single();
    processes.kill("worker-1");
    Map<String, Object> atKill = jdbc.sql("select status as s, lease_owner as o from jobs where id = ?")
        .param(killedJob).query().singleRow();
    assertThat(atKill.get("s")).as("the killed worker was still syncing").isEqualTo("running");
    assertThat(jdbc.sql("select count(*) from cluster_syncs where job_id = ?").param(killedJob).query(Long.class)
        .single()).as("the killed worker wrote nothing").isZero();
    System.err.printf("[kubeward-test] killed worker-1 in the middle of sync job %d%n", killedJob);

    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.sql(
        "select count(distinct cluster_id) from cluster_syncs where outcome = 'synced'").query(Long.class).single()
        == CLUSTERS);
    System.err.printf("[kubeward-test] %d clusters of %d deployments synced by 2 workers (one killed) in %d ms%n",
        CLUSTERS, DEPLOYMENTS, (System.nanoTime() - t0) / 1_000_000L);

    // Each sync done once: one row per cluster, one job per cluster, all done; the killed one taken over.
    assertThat(jdbc.sql("select count(*) from cluster_syncs").query(Long.class).single()).isEqualTo(CLUSTERS);
    assertThat(jdbc.sql("select count(*) from jobs where type = 'cluster-sync' and status = 'done'")
        .query(Long.class).single()).isEqualTo(CLUSTERS);
    Map<String, Object> killed = jdbc.sql("select attempts as a, lease_owner as o, status as s from jobs where id = ?")
        .param(killedJob).query().singleRow();
    assertThat(killed.get("s")).isEqualTo("done");
    assertThat(((Number) killed.get("a")).intValue()).as("taken over: a second attempt").isGreaterThanOrEqualTo(2);
    assertThat(killed.get("o")).isEqualTo(worker2);
    assertThat(jdbc.sql("select worker from cluster_syncs where job_id = ?").param(killedJob).query(String.class)
        .single()).isEqualTo(worker2);

    // Findings correct: each cluster's present misconfigurations are exactly what the engine finds in it.
    RuleSet rules = RuleSet.builtIn();
    for (int i = 0; i < CLUSTERS; i++) {
      String id = clusterIds.get(i);
      TreeSet<String> expected = new TreeSet<>();
      for (Finding f : new PostureEngine(rules, EngineOptions.defaults()).scan(list(kubeconfigs.get(i))).findings()) {
        expected.add(f.ruleId() + " " + f.resource().kind() + "/" + f.resource().namespace() + "/"
            + f.resource().name());
      }
      TreeSet<String> stored = new TreeSet<>(jdbc.sql("select rule_id || ' ' || resource_kind || '/' || namespace"
              + " || '/' || resource_name from findings where cluster_id = ? and kind = 'misconfiguration'"
              + " and present = true").param(id).query(String.class).list());
      assertThat(stored).as("cluster-" + i).isEqualTo(expected);
      assertThat(stored.stream().filter(s -> s.startsWith("KW-PSS-001 ")).count()).as("cluster-" + i
          + " privileged deployments").isEqualTo(i + 1);
      long controls = jdbc.sql("select failing_controls from cluster_syncs where cluster_id = ?").param(id)
          .query(Long.class).single();
      assertThat(jdbc.sql("select count(*) from findings where cluster_id = ? and kind = 'compliance'"
          + " and present = true").param(id).query(Long.class).single()).isEqualTo(controls).isPositive();
    }
  }

  private static Inventory list(Path kubeconfig) {
    Inventory inventory = new Inventory();
    try (KubernetesClient client = new ClusterConnection(Optional.of(kubeconfig), Optional.of("mock")).client();
        LiveClusterSource live = new LiveClusterSource(client, inventory)) {
      live.start(Duration.ofSeconds(30));
    }
    return inventory;
  }

  static Deployment deployment(String name, boolean privileged) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("registry.example/" + name + ":1")
        .withNewSecurityContext().withPrivileged(privileged).endSecurityContext().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }
}
