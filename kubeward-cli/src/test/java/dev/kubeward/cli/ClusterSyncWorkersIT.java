package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.inventory.ClusterConnection;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

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

  final List<Process> processes = new ArrayList<>();
  final List<KubernetesMockServer> mocks = new ArrayList<>();
  final List<KubernetesClient> clients = new ArrayList<>();
  String base;
  String schema;
  SingleConnectionDataSource ds;

  @AfterEach
  void stopAll() throws Exception {
    for (String name : List.of("server", "worker-1", "worker-2")) {
      Path f = temp.resolve(name + ".out");
      String text = Files.exists(f) ? Files.readString(f) : "";
      if (!text.isBlank()) {
        System.err.println("---- " + name + ".out (tail) ----\n" + text.substring(Math.max(0, text.length() - 2500)));
      }
    }
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor();
    }
    clients.forEach(KubernetesClient::close);
    mocks.forEach(KubernetesMockServer::destroy);
    if (ds != null) {
      ds.destroy();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
        s.execute("drop schema " + schema + " cascade");
      }
    }
  }

  @Test
  void syncsOfSeveralClustersSpreadOverWorkersAndAKilledWorkersSyncIsTakenOverOnce() throws Exception {
    base = System.getenv(WorkerCommandIT.POSTGRES_ENV);
    if (base == null || base.isBlank()) {
      System.err.println("[kubeward-test] " + WorkerCommandIT.POSTGRES_ENV
          + " is not set: the multi-process sync test is SKIPPED");
      Assumptions.abort(WorkerCommandIT.POSTGRES_ENV + " is not set");
    }
    schema = "kwsync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;

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
      kubeconfigs.add(writeKubeconfig(temp.resolve("kubeconfig-" + i), client));
    }

    // The server schedules syncs every check (interval: one a day, so each cluster is synced exactly once here) but
    // runs no jobs: the workers do them all.
    start("server", List.of("-Dkubeward.jobs.runner.enabled=false", "-Dkubeward.inventory.sync-interval=P1D",
        "-Dkubeward.inventory.sync-check-interval=PT1S"), "serve", "--port", "0", "--data-dir",
        temp.resolve("server").toString(), "--db-url", url);
    awaitOutput("server", WorkerCommandIT.SERVER_UP);
    ds = new SingleConnectionDataSource(url, true);
    JdbcClient jdbc = JdbcClient.create(ds);

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
    start("worker-1", workerArgs, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "1",
        "--data-dir", temp.resolve("w1").toString());
    start("worker-2", workerArgs, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "1",
        "--data-dir", temp.resolve("w2").toString());
    String worker1 = awaitOutput("worker-1", WorkerCommandIT.WORKER_UP).group(1);
    String worker2 = awaitOutput("worker-2", WorkerCommandIT.WORKER_UP).group(1);
    long t0 = System.nanoTime();

    // Kill worker 1 while it is in the middle of a sync.
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
            "select count(*) from jobs where type = 'cluster-sync' and status = 'running' and lease_owner = ?")
        .param(worker1).query(Long.class).single() == 1);
    long killedJob = jdbc.sql("select id from jobs where type = 'cluster-sync' and status = 'running'"
        + " and lease_owner = ?").param(worker1).query(Long.class).single();
    processes.get(1).destroyForcibly().waitFor();
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

  private static Path writeKubeconfig(Path file, KubernetesClient client) throws IOException {
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: me
          user: {token: test}
        contexts:
        - name: mock
          context: {cluster: mock, user: me}
        current-context: mock
        """.formatted(client.getMasterUrl().toString()));
  }

  private Process start(String name, List<String> props, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", cp));
    cmd.addAll(props);
    cmd.add("dev.kubeward.cli.KubewardCli");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(temp.resolve(name + ".out").toFile())
        .redirectError(temp.resolve(name + ".err").toFile());
    pb.environment().put("KUBEWARD_ADMIN_PASSWORD", "sync-it-admin-password");
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private Matcher awaitOutput(String name, Pattern pattern) throws Exception {
    Path out = temp.resolve(name + ".out");
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(out) ? Files.readString(out) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " did not start; stdout:\n" + Files.readString(out) + "\nstderr:\n"
        + Files.readString(temp.resolve(name + ".err")));
  }
}
