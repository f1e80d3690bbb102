package dev.kubeward.server.jobs;

import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.jobs.internal.JobDao;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued jobs in this process: claims due jobs of the types it has handlers for, at most
 * {@code kubeward.jobs.runner.concurrency} at a time, renews their leases by heartbeat, and records the outcome.
 * Started with the context when {@code kubeward.jobs.runner.enabled} is true (the server by default, and
 * {@code kubeward worker}); several runners in several processes share one PostgreSQL queue.
 *
 * <p>A job whose attempt throws is retried after its handler's backoff until its attempts are used up, then dead. A
 * job whose runner died (no heartbeat) is claimed by another runner once its lease expires; that counts as an attempt,
 * so work that kills its worker every time ends dead instead of looping. When a runner stops it hands its unfinished
 * jobs back (queued, the attempt not counted).
 */
@Component
public class JobRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
  /** H2 has no SKIP LOCKED; claims in one process take turns instead of waiting on each other's row locks. */
  private static final ReentrantLock H2_CLAIM = new ReentrantLock();

  private final JobDao dao;
  private final JobHandlers handlers;
  private final JobsProperties props;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final String owner;
  private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();
  private final AtomicLong completed = new AtomicLong();
  private final Object wake = new Object();
  private volatile boolean active;
  private volatile boolean stopping;
  private Thread poller;
  private ExecutorService workers;
  private ScheduledExecutorService heartbeats;
  private Semaphore slots;

  public JobRunner(JobDao dao, JobHandlers handlers, JobsProperties props, Clock clock,
      PlatformTransactionManager transactions) {
    this.dao = dao;
    this.handlers = handlers;
    this.props = props;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
    this.owner = props.owner().orElseGet(JobRunner::defaultOwner);
  }

  /** This runner's name in the {@code lease_owner} column. */
  public String owner() {
    return owner;
  }

  /** Whether this process runs jobs (the runner is enabled and started). */
  public boolean active() {
    return active;
  }

  /** Jobs this runner completed since it started. */
  public long completedCount() {
    return completed.get();
  }

  /** Ids of the jobs this runner is running now. */
  public List<Long> runningJobs() {
    return List.copyOf(running.keySet());
  }

  /** Makes an idle runner look for work now instead of at its next poll (after enqueueing in the same process). */
  public void nudge() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  @Override
  public void start() {
    if (!props.runner().enabled()) {
      log.info("job runner disabled (kubeward.jobs.runner.enabled=false)");
      return;
    }
    int concurrency = props.runner().concurrency();
    stopping = false;
    slots = new Semaphore(concurrency);
    workers = Executors.newFixedThreadPool(concurrency, daemons("kubeward-job-"));
    heartbeats = Executors.newSingleThreadScheduledExecutor(daemons("kubeward-job-heartbeat-"));
    long beat = props.heartbeat().toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    active = true;
    poller = daemons("kubeward-job-poller-").newThread(this::pollLoop);
    poller.start();
    log.info("job runner {} started: {} at a time, types {}", owner, concurrency, handlers.types());
  }

  @Override
  public void stop() {
    if (!active) {
      return;
    }
    active = false;
    stopping = true;
    poller.interrupt();
    workers.shutdown();
    try {
      // Give running jobs a moment to finish; the rest are interrupted and handed back.
      if (!workers.awaitTermination(props.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
    for (RunningJob r : running.values()) {
      try {
        dao.release(r.job.id(), owner, clock.instant());
      } catch (RuntimeException e) {
        log.warn("could not hand job {} back; it is taken over when its lease expires: {}", r.job.id(), e.getMessage());
      }
    }
    running.clear();
    log.info("job runner {} stopped", owner);
  }

  @Override
  public boolean isRunning() {
    return active;
  }

  @Override
  public int getPhase() {
    // Stop before the web server and the data source go away, start after everything else.
    return Integer.MAX_VALUE - 1000;
  }

  private void pollLoop() {
    while (active) {
      try {
        slots.acquire();
        Optional<Job> job;
        try {
          job = claimNext();
        } catch (RuntimeException e) {
          slots.release();
          log.warn("claiming a job failed (retrying): {}", e.getMessage());
          sleep(props.pollInterval().multipliedBy(5));
          continue;
        }
        if (job.isEmpty()) {
          slots.release();
          sleep(props.pollInterval());
          continue;
        }
        Job j = job.get();
        try {
          workers.execute(() -> {
            try {
              execute(j);
            } finally {
              slots.release();
            }
          });
        } catch (RuntimeException rejected) {
          slots.release();
          dao.release(j.id(), owner, clock.instant());
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    synchronized (wake) {
      wake.wait(Math.max(1, d.toMillis()));
    }
  }

  /**
   * Claims the next due job of a type this runner handles and leases it to this runner. Jobs whose lease expired on
   * their last allowed attempt are given up on the way.
   */
  Optional<Job> claimNext() {
    List<String> types = handlers.types();
    if (types.isEmpty()) {
      return Optional.empty();
    }
    boolean h2 = dao.dialect() == SqlDialect.H2;
    if (h2) {
      H2_CLAIM.lock();
    }
    try {
      for (int i = 0; i < 20; i++) {
        Instant now = clock.instant();
        ClaimOutcome outcome = tx.execute(s -> {
          Optional<Job> next = dao.lockNextClaimable(types, now);
          if (next.isEmpty()) {
            return ClaimOutcome.NONE;
          }
          Job j = next.get();
          if (j.status() == JobStatus.RUNNING && j.attempts() >= j.maxAttempts()) {
            dao.deadExpired(j.id(), "worker " + j.leaseOwner() + " stopped answering (lease expired) on attempt "
                + j.attempts() + " of " + j.maxAttempts(), now);
            return ClaimOutcome.SKIPPED;
          }
          if (!dao.markRunning(j.id(), owner, now.plus(props.lease()), now)) {
            return ClaimOutcome.SKIPPED;
          }
          if (j.status() == JobStatus.RUNNING) {
            log.info("job {} ({}) taken over from {} whose lease expired", j.id(), j.type(), j.leaseOwner());
          }
          return new ClaimOutcome(dao.find(j.id()));
        });
        if (outcome == ClaimOutcome.NONE) {
          return Optional.empty();
        }
        if (outcome != ClaimOutcome.SKIPPED && outcome.job().isPresent()) {
          return outcome.job();
        }
      }
      return Optional.empty();
    } finally {
      if (h2) {
        H2_CLAIM.unlock();
      }
    }
  }

  private record ClaimOutcome(Optional<Job> job) {
    static final ClaimOutcome NONE = new ClaimOutcome(Optional.empty());
    static final ClaimOutcome SKIPPED = new ClaimOutcome(Optional.empty());
  }

  /** Runs a claimed job in the calling thread and records its outcome. */
  void execute(Job job) {
    RunningJob r = new RunningJob(job, new AtomicBoolean(true), clock.instant());
    running.put(job.id(), r);
    try {
      Optional<JobHandler> handler = handlers.get(job.type());
      if (handler.isEmpty()) {
        dao.dead(job.id(), owner, "no handler for job type '" + job.type() + "'", clock.instant());
        return;
      }
      JobResult result;
      try {
        result = handler.get().handle(r);
        if (result == null) {
          result = JobResult.of(null);
        }
        if (result.json() != null && result.json().length() > JobDao.MAX_RESULT) {
          throw new PermanentJobFailure("the job's result is larger than " + JobDao.MAX_RESULT + " characters");
        }
      } catch (PermanentJobFailure e) {
        if (dao.dead(job.id(), owner, e.getMessage(), clock.instant())) {
          log.warn("job {} ({}) failed permanently: {}", job.id(), job.type(), e.getMessage());
        }
        return;
      } catch (Exception e) {
        failed(job, handler.get(), e);
        return;
      }
      JobResult done = result;
      Boolean written = tx.execute(s -> {
        if (!dao.complete(job.id(), owner, done.json(), clock.instant())) {
          return false;
        }
        done.write().run();
        return true;
      });
      if (Boolean.TRUE.equals(written)) {
        completed.incrementAndGet();
      } else {
        log.info("job {} ({}) finished after this runner lost its lease; its result is discarded", job.id(),
            job.type());
      }
    } catch (RuntimeException e) {
      // The queue itself failed (database away): the lease runs out and another attempt takes the job over.
      log.warn("recording the outcome of job {} ({}) failed: {}", job.id(), job.type(), e.getMessage());
    } finally {
      running.remove(job.id());
    }
  }

  private void failed(Job job, JobHandler handler, Exception e) {
    if (stopping) {
      // Stopping: the failure is most likely the interrupt; hand the job back instead of counting it.
      dao.release(job.id(), owner, clock.instant());
      return;
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Instant now = clock.instant();
    if (job.attempts() >= job.maxAttempts()) {
      if (dao.dead(job.id(), owner, reason, now)) {
        log.warn("job {} ({}) failed {} times and is given up: {}", job.id(), job.type(), job.attempts(), reason);
      }
    } else {
      Instant next = now.plus(handler.backoff(job.attempts()));
      if (dao.fail(job.id(), owner, reason, next, now)) {
        log.info("job {} ({}) failed on attempt {}; next try at {}: {}", job.id(), job.type(), job.attempts(), next,
            reason);
      }
    }
  }

  /** Renews the leases of running jobs; a job found taken over (or unrenewable past its lease) is marked lost. */
  void heartbeat() {
    Instant now = clock.instant();
    for (RunningJob r : running.values()) {
      try {
        if (dao.renew(r.job.id(), owner, now.plus(props.lease()), now)) {
          r.renewedAt = now;
        } else if (r.leaseHeld.getAndSet(false)) {
          log.warn("job {} ({}) is no longer leased to this runner (taken over)", r.job.id(), r.job.type());
        }
      } catch (RuntimeException e) {
        if (r.renewedAt.plus(props.lease()).isBefore(now) && r.leaseHeld.getAndSet(false)) {
          log.warn("job {} ({}): lease could not be renewed before it expired: {}", r.job.id(), r.job.type(),
              e.getMessage());
        }
      }
    }
  }

  private static final class RunningJob implements JobContext {
    final Job job;
    final AtomicBoolean leaseHeld;
    volatile Instant renewedAt;

    RunningJob(Job job, AtomicBoolean leaseHeld, Instant renewedAt) {
      this.job = job;
      this.leaseHeld = leaseHeld;
      this.renewedAt = renewedAt;
    }

    @Override
    public Job job() {
      return job;
    }

    @Override
    public boolean leaseHeld() {
      return leaseHeld.get();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    long pid = ManagementFactory.getRuntimeMXBean().getPid();
    String id = host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
    return id.length() <= 200 ? id : id.substring(id.length() - 200);
  }
}
