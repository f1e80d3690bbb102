package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.jobs.JobHandlers;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.QueueDepth;
import dev.kubeward.server.jobs.internal.JobDao;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Scale-out for real: one {@code kubeward serve} and two {@code kubeward worker} processes on one PostgreSQL schema
 * share a queue of jobs that take a while; one worker is killed (SIGKILL) while it runs jobs. Every job completes,
 * exactly once in the results, the killed worker's jobs taken over by the others once their lease expires.
 */
class WorkerCommandIT {
  static final String POSTGRES_ENV = "KUBEWARD_TEST_POSTGRES_URL";
  static final int JOBS = 24;
  static final Pattern SERVER_UP = Pattern.compile("running at http://localhost:(\\d+)/");
  static final Pattern WORKER_UP = Pattern.compile("Kubeward worker (\\S+) is running .* health at http://localhost:(\\d+)/");

  @TempDir
  Path temp;

  final List<Process> processes = new ArrayList<>();
  String base;
  String schema;
  SingleConnectionDataSource ds;

  @AfterEach
  void stopAll() throws Exception {
    for (String name : List.of("server", "worker-1", "worker-2")) {
      for (String stream : List.of(".out", ".err")) {
        Path f = temp.resolve(name + stream);
        String text = Files.exists(f) ? Files.readString(f) : "";
        if (!text.isBlank()) {
          System.err.println("---- " + name + stream + " (tail) ----\n" + text.substring(Math.max(0, text.length() - 2500)));
        }
      }
    }
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor();
    }
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
  void twoWorkersAndAServerShareTheQueueAndAKilledWorkersJobsCompleteExactlyOnce() throws Exception {
    base = System.getenv(POSTGRES_ENV);
    if (base == null || base.isBlank()) {
      System.err.println("[kubeward-test] " + POSTGRES_ENV + " is not set: the multi-process worker test is SKIPPED");
      Assumptions.abort(POSTGRES_ENV + " is not set");
    }
    schema = "kwworker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;

    long t0 = System.nanoTime();
    Process server = start("server", "serve", "--port", "0", "--data-dir", temp.resolve("server").toString(),
        "--db-url", url);
    Matcher serverUp = awaitOutput("server", SERVER_UP);
    int serverPort = Integer.parseInt(serverUp.group(1));
    System.err.printf("[kubeward-test] server up in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);

    ds = new SingleConnectionDataSource(url, true);
    JdbcClient jdbc = JdbcClient.create(ds);
    jdbc.sql("create table test_job_results (job_id bigint not null, worker varchar(200) not null)").update();

    start("worker-1", "worker", "--db-url", url, "--health-port", "0", "--concurrency", "2", "--data-dir",
        temp.resolve("w1").toString());
    start("worker-2", "worker", "--db-url", url, "--health-port", "0", "--concurrency", "2", "--data-dir",
        temp.resolve("w2").toString());
    Matcher w1 = awaitOutput("worker-1", WORKER_UP);
    Matcher w2 = awaitOutput("worker-2", WORKER_UP);
    String worker1 = w1.group(1);
    System.err.printf("[kubeward-test] server and two workers up in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);

    // A worker serves health probes and nothing else.
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, Integer.parseInt(w1.group(2)), "/actuator/health/readiness").statusCode()).isEqualTo(200);
    HttpResponse<String> api = get(http, Integer.parseInt(w1.group(2)), "/api/v1/workspaces");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("it serves only /actuator/health");
    assertThat(get(http, Integer.parseInt(w2.group(2)), "/").statusCode()).isEqualTo(404);
    assertThat(get(http, serverPort, "/api/v1/workspaces").statusCode()).as("the server's API").isEqualTo(401);

    JobQueue queue = new JobQueue(new JobDao(jdbc, SqlDialect.POSTGRESQL), new JobHandlers(List.of()),
        Clock.systemUTC());
    long enqueued = System.nanoTime();
    for (int i = 0; i < JOBS; i++) {
      queue.enqueue("test-sleep", "image-" + i, "{\"ms\": 2000, \"n\": " + i + "}");
    }
    assertThat(queue.enqueue("test-sleep", "image-" + (JOBS - 1), "{\"ms\": 2000}").created())
        .as("the same work again while it is queued").isFalse();

    // Kill worker 1 while it holds jobs (mid-"scan").
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql(
            "select count(*) from jobs where type = 'test-sleep' and status = 'running' and lease_owner = ?")
        .param(worker1)
        .query(Long.class).single() == 2);
    List<Long> heldByKilled = jdbc.sql(
            "select id from jobs where type = 'test-sleep' and status = 'running' and lease_owner = ?")
        .param(worker1).query(Long.class).list();
    processes.get(1).destroyForcibly().waitFor();
    System.err.printf("[kubeward-test] killed worker-1 holding jobs %s%n", heldByKilled);

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
        .until(() -> queue.depth().stream().filter(d -> d.type().equals("test-sleep"))
            .mapToLong(QueueDepth::done).sum() == JOBS);
    System.err.printf("[kubeward-test] %d jobs of 2 s done by 5 runners (one killed) in %d ms%n", JOBS,
        (System.nanoTime() - enqueued) / 1_000_000L);

    assertThat(jdbc.sql("select count(*) from test_job_results").query(Long.class).single())
        .as("one result per job").isEqualTo(JOBS);
    assertThat(jdbc.sql("select count(distinct job_id) from test_job_results").query(Long.class).single())
        .isEqualTo(JOBS);
    // Only the test's jobs: the servers' own recurring jobs (runtime batch recovery) share the queue.
    assertThat(jdbc.sql("select count(*) from jobs where type = 'test-sleep' and status <> 'done'")
        .query(Long.class).single()).isZero();
    // The killed worker's jobs were taken over (second attempt) and completed by someone else.
    for (long id : heldByKilled) {
      Map<String, Object> row = jdbc.sql("select attempts as a, lease_owner as o from jobs where id = ?").param(id)
          .query().singleRow();
      assertThat(((Number) row.get("a")).intValue()).as("job " + id + " attempts").isGreaterThanOrEqualTo(2);
      assertThat(row.get("o")).as("job " + id + " completed by").isNotEqualTo(worker1);
      assertThat(jdbc.sql("select worker from test_job_results where job_id = ?").param(id).query(String.class)
          .single()).isNotEqualTo(worker1);
    }
    List<String> by = jdbc.sql("select distinct worker from test_job_results").query(String.class).list();
    // Worker 1 was killed on its first jobs: everything was done by the server and worker 2.
    assertThat(by).as("the server and the surviving worker both ran jobs").hasSize(2)
        .doesNotContain(worker1).contains(w2.group(1));
    assertThat(server.isAlive()).isTrue();
  }

  private Process start(String name, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", cp,
        "-Dkubeward.test.sleep-jobs=true", "-Dkubeward.jobs.lease=PT10S", "-Dkubeward.jobs.heartbeat=PT2S",
        "-Dkubeward.jobs.poll-interval=PT0.2S", "-Dkubeward.jobs.runner.concurrency=1",
        "dev.kubeward.cli.KubewardCli"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(temp.resolve(name + ".out").toFile())
        .redirectError(temp.resolve(name + ".err").toFile());
    pb.environment().put("KUBEWARD_ADMIN_PASSWORD", "worker-it-admin-password");
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

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
