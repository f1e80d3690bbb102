package dev.kubeward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.cli.testing.KubewardProcesses;
import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.jobs.JobHandlers;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.QueueDepth;
import dev.kubeward.server.jobs.internal.JobDao;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scale-out for real: one {@code kubeward serve} and two {@code kubeward worker} processes on one PostgreSQL schema
 * share a queue of jobs that take a while; one worker is killed (SIGKILL) while it runs jobs. Every job completes,
 * exactly once in the results, the killed worker's jobs taken over by the others once their lease expires.
 */
class WorkerCommandIT {
  static final int JOBS = 24;
  /** Fast leases and polling, one job at a time, and the test's job type that sleeps and records who ran it. */
  static final List<String> JOB_OPTIONS = List.of("-Dkubeward.test.sleep-jobs=true", "-Dkubeward.jobs.lease=PT10S",
      "-Dkubeward.jobs.heartbeat=PT2S", "-Dkubeward.jobs.poll-interval=PT0.2S", "-Dkubeward.jobs.runner.concurrency=1");

  @TempDir
  Path temp;

  TestDatabase db;
  KubewardProcesses processes;

  @AfterEach
  void stopAll() throws Exception {
    if (processes != null) {
      processes.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void twoWorkersAndAServerShareTheQueueAndAKilledWorkersJobsCompleteExactlyOnce() throws Exception {
    db = TestDatabases.postgres();
    String url = db.url();
    processes = new KubewardProcesses(temp, "worker-it-admin-password");

    long t0 = System.nanoTime();
    Process server = processes.start("server", JOB_OPTIONS, "serve", "--port", "0", "--data-dir", temp.resolve("server").toString(),
        "--db-url", url);
    Matcher serverUp = processes.awaitOutput("server", KubewardProcesses.SERVER_UP);
    int serverPort = Integer.parseInt(serverUp.group(1));
    System.err.printf("[kubeward-test] server up in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);

    JdbcClient jdbc = db.jdbc();
    jdbc.sql("create table test_job_results (job_id bigint not null, worker varchar(200) not null)").update();

    processes.start("worker-1", JOB_OPTIONS, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "2", "--data-dir",
        temp.resolve("w1").toString());
    processes.start("worker-2", JOB_OPTIONS, "worker", "--db-url", url, "--health-port", "0", "--concurrency", "2", "--data-dir",
        temp.resolve("w2").toString());
    Matcher w1 = processes.awaitOutput("worker-1", KubewardProcesses.WORKER_UP);
    Matcher w2 = processes.awaitOutput("worker-2", KubewardProcesses.WORKER_UP);
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
    processes.kill("worker-1");
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

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
