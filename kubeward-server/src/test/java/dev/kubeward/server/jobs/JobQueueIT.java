package dev.kubeward.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.server.findings.MovableClock;
import dev.kubeward.server.jobs.internal.JobDao;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The job queue on real H2 and PostgreSQL: dedup, results written once, retries with backoff, dead jobs, lease
 * takeover after a runner dies, and concurrent claimers never getting the same job.
 */
class JobQueueIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A handler whose behaviour the test sets per call; its result write inserts a row into job_results. */
  static final class TestHandler implements JobHandler {
    final String type;
    volatile Function<JobContext, JobResult> behaviour;
    final JdbcClient jdbc;
    final AtomicInteger calls = new AtomicInteger();

    TestHandler(String type, JdbcClient jdbc) {
      this.type = type;
      this.jdbc = jdbc;
      this.behaviour = ctx -> writing(ctx, "ok");
    }

    JobResult writing(JobContext ctx, String value) {
      return JobResult.writing("{\"value\":\"" + value + "\"}", () -> jdbc.sql(
          "insert into job_results (job_id, owner_note) values (?, ?)").params(ctx.job().id(), value).update());
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public int maxAttempts() {
      return 3;
    }

    @Override
    public JobResult handle(JobContext context) {
      calls.incrementAndGet();
      return behaviour.apply(context);
    }
  }

  static final class Fixture {
    final TestDatabase db;
    final JobDao dao;
    final TestHandler handler;
    final JobHandlers handlers;
    final JobQueue queue;
    final Clock clock;
    final DataSourceTransactionManager tx;

    Fixture(TestDatabase db, Clock clock) {
      this.db = db;
      this.clock = clock;
      db.jdbc().sql("create table job_results (job_id bigint not null, owner_note varchar(200))").update();
      this.dao = new JobDao(db.jdbc(), db.dialect());
      this.handler = new TestHandler("test-scan", db.jdbc());
      this.handlers = new JobHandlers(List.of(handler));
      this.queue = new JobQueue(dao, handlers, clock);
      this.tx = new DataSourceTransactionManager(db.dataSource());
    }

    JobRunner runner(String owner) {
      return runner(owner, 2);
    }

    JobRunner runner(String owner, int concurrency) {
      JobsProperties props = new JobsProperties(new JobsProperties.Runner(true, concurrency), Duration.ofSeconds(60),
          Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500), Optional.of(owner));
      return new JobRunner(dao, handlers, props, clock, tx);
    }

    long results(long jobId) {
      return db.jdbc().sql("select count(*) from job_results where job_id = ?").param(jobId).query(Long.class).single();
    }

    Job job(long id) {
      return queue.find(id).orElseThrow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void enqueueingTheSameWorkTwiceIsANoOpUntilItIsDone(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      Fixture f = new Fixture(db, new MovableClock(T0));
      JobQueue.Enqueued first = f.queue.enqueue("test-scan", "sha256:aa", "{\"digest\":\"sha256:aa\"}");
      JobQueue.Enqueued again = f.queue.enqueue("test-scan", "sha256:aa", "{\"digest\":\"sha256:aa\"}");
      JobQueue.Enqueued other = f.queue.enqueue("test-scan", "sha256:bb", "{}");
      JobQueue.Enqueued otherType = f.queue.enqueue("other", "sha256:aa", "{}");
      assertThat(first.created()).isTrue();
      assertThat(again).isEqualTo(new JobQueue.Enqueued(first.id(), false));
      assertThat(other.created()).isTrue();
      assertThat(otherType.created()).isTrue();
      Job queued = f.job(first.id());
      assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(queued.maxAttempts()).as("from the handler").isEqualTo(3);
      assertThat(queued.payload()).isEqualTo("{\"digest\":\"sha256:aa\"}");
      assertThat(f.queue.depth()).containsExactly(
          new QueueDepth("other", 1, 0, 0, 0, 0, 0), new QueueDepth("test-scan", 2, 0, 0, 0, 0, 0));

      JobRunner runner = f.runner("w1");
      Job claimed = runner.claimNext().orElseThrow();
      assertThat(claimed.id()).isEqualTo(first.id());
      assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(claimed.leaseOwner()).isEqualTo("w1");
      assertThat(claimed.attempts()).isEqualTo(1);
      assertThat(claimed.leaseExpiresAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(f.queue.enqueue("test-scan", "sha256:aa", "{}").created()).as("running counts as active").isFalse();
      runner.execute(claimed);

      Job done = f.job(first.id());
      assertThat(done.status()).isEqualTo(JobStatus.DONE);
      assertThat(done.result()).isEqualTo("{\"value\":\"ok\"}");
      assertThat(done.finishedAt()).isEqualTo(T0);
      assertThat(f.results(first.id())).isEqualTo(1);
      JobQueue.Enqueued later = f.queue.enqueue("test-scan", "sha256:aa", "{}");
      assertThat(later.created()).as("done work can be queued again").isTrue();
      assertThat(later.id()).isNotEqualTo(first.id());
      assertThat(f.queue.depth()).contains(new QueueDepth("test-scan", 2, 0, 0, 0, 0, 1));

      // Finished jobs are kept for the retention, then deleted; active ones never are.
      MovableClock clock = (MovableClock) f.clock;
      JobRetention retention = new JobRetention(f.dao, clock, Duration.ofDays(7));
      clock.advance(Duration.ofDays(7));
      assertThat(retention.purge()).isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(retention.purge()).isEqualTo(1);
      assertThat(f.queue.find(first.id())).isEmpty();
      assertThat(f.queue.depth()).contains(new QueueDepth("test-scan", 2, 0, 0, 0, 0, 0));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void aFailingJobIsRetriedWithBackoffThenDeadWithItsReason(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      MovableClock clock = new MovableClock(T0);
      Fixture f = new Fixture(db, clock);
      f.handler.behaviour = ctx -> {
        throw new IllegalStateException("registry 127.0.0.1:5000 unreachable");
      };
      long id = f.queue.enqueue("test-scan", "img", "{}").id();
      JobRunner runner = f.runner("w1");

      runner.execute(runner.claimNext().orElseThrow());
      Job failed = f.job(id);
      assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
      assertThat(failed.error()).isEqualTo("registry 127.0.0.1:5000 unreachable");
      assertThat(failed.nextRunAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(runner.claimNext()).as("not due yet").isEmpty();
      assertThat(f.queue.depth()).containsExactly(new QueueDepth("test-scan", 0, 1, 0, 1, 0, 0));
      assertThat(f.queue.enqueue("test-scan", "img", "{}")).as("a failed job is still to do")
          .isEqualTo(new JobQueue.Enqueued(id, false));

      clock.advance(Duration.ofSeconds(30));
      runner.execute(runner.claimNext().orElseThrow());
      assertThat(f.job(id).nextRunAt()).as("backoff doubles").isEqualTo(T0.plusSeconds(30 + 60));
      clock.advance(Duration.ofSeconds(60));
      runner.execute(runner.claimNext().orElseThrow());
      Job dead = f.job(id);
      assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.error()).isEqualTo("registry 127.0.0.1:5000 unreachable");
      assertThat(f.results(id)).isZero();
      clock.advance(Duration.ofHours(1));
      assertThat(runner.claimNext()).isEmpty();

      // An admin's retry queues it again with fresh attempts, and it succeeds now.
      f.handler.behaviour = ctx -> f.handler.writing(ctx, "second life");
      assertThat(f.queue.retryDead(id)).isTrue();
      assertThat(f.queue.retryDead(id)).as("not dead any more").isFalse();
      runner.execute(runner.claimNext().orElseThrow());
      assertThat(f.job(id).status()).isEqualTo(JobStatus.DONE);
      assertThat(f.job(id).attempts()).isEqualTo(1);
      assertThat(f.results(id)).isEqualTo(1);

      // A permanent failure is dead at once.
      f.handler.behaviour = ctx -> {
        throw new PermanentJobFailure("payload names no image");
      };
      long bad = f.queue.enqueue("test-scan", "bad", "{}").id();
      runner.execute(runner.claimNext().orElseThrow());
      assertThat(f.job(bad).status()).isEqualTo(JobStatus.DEAD);
      assertThat(f.job(bad).attempts()).isEqualTo(1);
      assertThat(f.job(bad).error()).isEqualTo("payload names no image");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void aDeadWorkersJobIsTakenOverAfterItsLeaseAndItsLateResultIsNotWritten(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      MovableClock clock = new MovableClock(T0);
      Fixture f = new Fixture(db, clock);
      long id = f.queue.enqueue("test-scan", "img", "{}").id();
      JobRunner a = f.runner("worker-a");
      JobRunner b = f.runner("worker-b");

      Job claimedByA = a.claimNext().orElseThrow();
      assertThat(b.claimNext()).as("leased to a").isEmpty();
      clock.advance(Duration.ofSeconds(59));
      assertThat(b.claimNext()).as("lease not expired yet").isEmpty();

      // a stops sending heartbeats (it hangs or died); after the lease b takes the job over.
      clock.advance(Duration.ofSeconds(2));
      Job claimedByB = b.claimNext().orElseThrow();
      assertThat(claimedByB.id()).isEqualTo(id);
      assertThat(claimedByB.leaseOwner()).isEqualTo("worker-b");
      assertThat(claimedByB.attempts()).isEqualTo(2);

      // a comes back: its heartbeat finds the job gone, and its completion writes nothing.
      CountDownLatch aRunning = new CountDownLatch(1);
      CountDownLatch aMayFinish = new CountDownLatch(1);
      List<Boolean> leaseSeenByA = Collections.synchronizedList(new ArrayList<>());
      f.handler.behaviour = ctx -> {
        aRunning.countDown();
        try {
          aMayFinish.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        leaseSeenByA.add(ctx.leaseHeld());
        return f.handler.writing(ctx, "from a");
      };
      Thread ta = new Thread(() -> a.execute(claimedByA));
      ta.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> aRunning.getCount() == 0);
      a.heartbeat();
      aMayFinish.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> !ta.isAlive());
      assertThat(leaseSeenByA).containsExactly(false);
      assertThat(f.results(id)).isZero();
      assertThat(f.job(id).status()).isEqualTo(JobStatus.RUNNING);
      assertThat(f.job(id).leaseOwner()).isEqualTo("worker-b");

      f.handler.behaviour = ctx -> f.handler.writing(ctx, "from b");
      b.execute(claimedByB);
      Job done = f.job(id);
      assertThat(done.status()).isEqualTo(JobStatus.DONE);
      assertThat(done.leaseOwner()).isEqualTo("worker-b");
      assertThat(done.result()).isEqualTo("{\"value\":\"from b\"}");
      assertThat(f.results(id)).isEqualTo(1);
      assertThat(a.completedCount()).isZero();
      assertThat(b.completedCount()).isEqualTo(1);

      // A job whose worker dies on every attempt ends dead instead of being taken over forever.
      long killer = f.queue.enqueue("test-scan", "killer", "{}").id();
      for (int attempt = 1; attempt <= 3; attempt++) {
        assertThat(a.claimNext().orElseThrow().id()).isEqualTo(killer);
        clock.advance(Duration.ofSeconds(61));
      }
      assertThat(b.claimNext()).isEmpty();
      Job dead = f.job(killer);
      assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
      assertThat(dead.error()).isEqualTo("worker worker-a stopped answering (lease expired) on attempt 3 of 3");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void concurrentClaimersNeverGetTheSameJob(Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      Fixture f = new Fixture(db, Clock.systemUTC());
      int jobs = 200;
      for (int i = 0; i < jobs; i++) {
        f.queue.enqueue("test-scan", "img-" + i, "{}");
      }
      int claimers = 6;
      Map<Long, String> claimedBy = new ConcurrentHashMap<>();
      List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(claimers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < claimers; c++) {
        JobRunner runner = f.runner("claimer-" + c);
        done.add(pool.submit(() -> {
          go.await();
          int n = 0;
          for (Optional<Job> j = runner.claimNext(); j.isPresent(); j = runner.claimNext()) {
            String previous = claimedBy.putIfAbsent(j.get().id(), runner.owner());
            if (previous != null) {
              duplicates.add(j.get().id() + " by " + previous + " and " + runner.owner());
            }
            runner.execute(j.get());
            n++;
          }
          return n;
        }));
      }
      go.countDown();
      int total = 0;
      Set<Integer> perClaimer = new HashSet<>();
      for (Future<Integer> d : done) {
        int n = d.get();
        total += n;
        perClaimer.add(n);
      }
      pool.shutdown();
      assertThat(duplicates).isEmpty();
      assertThat(total).isEqualTo(jobs);
      assertThat(claimedBy).hasSize(jobs);
      assertThat(db.jdbc().sql("select count(*) from job_results").query(Long.class).single()).isEqualTo(jobs);
      assertThat(db.jdbc().sql("select count(distinct job_id) from job_results").query(Long.class).single())
          .isEqualTo(jobs);
      assertThat(f.queue.depth()).containsExactly(new QueueDepth("test-scan", 0, 0, 0, 0, 0, jobs));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void aStartedRunnerWorksThroughTheQueueAtItsConcurrencyAndHandsBackUnfinishedJobsWhenStopped(
      Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      Fixture f = new Fixture(db, Clock.systemUTC());
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger maxInFlight = new AtomicInteger();
      f.handler.behaviour = ctx -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
        }
        return f.handler.writing(ctx, "ok");
      };
      for (int i = 0; i < 30; i++) {
        f.queue.enqueue("test-scan", "img-" + i, "{}");
      }
      JobRunner runner = f.runner("w", 3);
      runner.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.completedCount() == 30);
      } finally {
        runner.stop();
      }
      assertThat(maxInFlight.get()).isBetween(2, 3);
      assertThat(db.jdbc().sql("select count(*) from job_results").query(Long.class).single()).isEqualTo(30);

      // A job still running when the runner stops goes back to the queue, its attempt not counted.
      CountDownLatch started = new CountDownLatch(1);
      f.handler.behaviour = ctx -> {
        started.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
        return JobResult.of(null);
      };
      long slow = f.queue.enqueue("test-scan", "slow", "{}").id();
      JobRunner second = f.runner("w2", 1);
      second.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
      second.stop();
      Job back = f.job(slow);
      assertThat(back.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(back.attempts()).isZero();
      assertThat(back.leaseOwner()).isNull();
    }
  }
}
