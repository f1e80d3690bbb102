package dev.kubeward.server.runtime;

import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.EventEnricher;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.pipeline.AlertChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bounded queue between the ingestion endpoints and the detections, and the threads that drain it.
 *
 * <p>Capacity is counted in events ({@code kubeward.runtime.queue-capacity}): an endpoint reserves room for a whole
 * batch before storing it and gets "no" when there is none, which it answers with 429 — so memory never grows past the
 * capacity and nothing accepted is ever dropped. Each cluster always goes to the same lane (one thread), so its events
 * reach the stateful detections (sequences, thresholds) in the order they arrived; lanes run in parallel.
 *
 * <p>A batch is processed in one transaction that first marks it processed (only if no one did), then runs the
 * detections and records the alerts: either all of that commits or none of it. A batch still in memory when the
 * process stops or dies stays unprocessed in the database, and {@link RuntimeBatchRecovery} processes it later —
 * exactly once, because the mark is conditional.
 *
 * <p>A batch whose processing fails is counted ({@link RuntimeEventStore#recordFailure}) and, after
 * {@code kubeward.runtime.max-batch-attempts}, set aside. Threshold and sequence state is in the engines' memory: a
 * cluster's new engine is first replayed the processed batches of the last correlation window ({@link BatchReplay}),
 * and a recovered batch goes through the recovery's own engine, replayed the same way.
 */
@Service
public class RuntimePipelineService implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RuntimePipelineService.class);
  private static final int LATENCY_SAMPLES = 4096;

  private final ClusterEngines engines;
  private final InventoryEnricher enricher;
  private final RuntimeAlertService alerts;
  private final RuntimeEventStore store;
  private final PersistentFirstSeenStore firstSeen;
  private final BatchReplay replay;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final int capacity;
  private final int maxAttempts;
  private final Semaphore room;
  private final List<BlockingQueue<Work>> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong processedEvents = new AtomicLong();
  private final AtomicLong processedBatches = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong skippedBatches = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final long[] latenciesMicros = new long[LATENCY_SAMPLES];
  /** When each sampled batch was received (epoch millis), so percentiles can cover one period only. */
  private final long[] latencyReceivedMillis = new long[LATENCY_SAMPLES];
  private long latencyCount;
  private volatile boolean running = true;

  public RuntimePipelineService(ClusterEngines engines, InventoryEnricher enricher, RuntimeAlertService alerts,
      RuntimeEventStore store, PersistentFirstSeenStore firstSeen, BatchReplay replay, RuntimeProperties props,
      Clock clock, PlatformTransactionManager transactions) {
    this.engines = engines;
    this.replay = replay;
    this.firstSeen = firstSeen;
    this.tx = new TransactionTemplate(transactions);
    this.enricher = enricher;
    this.alerts = alerts;
    this.store = store;
    this.clock = clock;
    this.capacity = props.queueCapacity();
    this.maxAttempts = props.maxBatchAttempts();
    this.room = new Semaphore(capacity);
    for (int i = 0; i < props.workers(); i++) {
      BlockingQueue<Work> q = new LinkedBlockingQueue<>();
      lanes.add(q);
      Thread t = new Thread(() -> drain(q), "kubeward-runtime-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * One stored batch waiting for the detections.
   *
   * @param done completed when the batch is through (true) or was found processed already (false); exceptionally
   *     when processing failed (the batch stays unprocessed for a later recovery)
   */
  public record Work(String batchId, String clusterId, List<RuntimeEvent> events, Instant receivedAt,
      long receivedNanos, CompletableFuture<Boolean> done, Recovered recovered) {
    public Work(String batchId, String clusterId, List<RuntimeEvent> events, Instant receivedAt, long receivedNanos) {
      this(batchId, clusterId, events, receivedAt, receivedNanos, new CompletableFuture<>(), null);
    }

    /** A batch of the recovery, with the engine it goes through. */
    public Work(String batchId, String clusterId, List<RuntimeEvent> events, Instant receivedAt, long receivedNanos,
        Recovered recovered) {
      this(batchId, clusterId, events, receivedAt, receivedNanos, new CompletableFuture<>(), recovered);
    }

    BatchReplay.Position position() {
      return new BatchReplay.Position(receivedAt, batchId);
    }
  }

  /**
   * How a recovered batch is processed: through an engine of the recovery's own (the cluster's live engine has moved
   * on to newer batches), first fed the cluster's processed batches received since the one before it ({@code after},
   * whose events this engine took already; empty for the first: the whole correlation window before it).
   */
  public record Recovered(DetectionEngine engine, java.util.Optional<BatchReplay.Position> after) {}

  /** The last failure of a cluster's processing. */
  public record Failure(String message, Instant at) {}

  /** Pipeline counters, for the sensor health line and the load benchmark. */
  public record Stats(int capacity, int queued, long processedEvents, long processedBatches, long hits,
      long skippedBatches, long failedAttempts, long failedBatches, double latencyP50Millis, double latencyP99Millis,
      double latencyMaxMillis) {}

  /**
   * Reserves room for {@code events} events.
   *
   * @return false when the queue is full (answer 429)
   */
  public boolean tryReserve(int events) {
    return events == 0 || room.tryAcquire(Math.min(events, capacity));
  }

  /** Returns reserved room that will not be used (storing the batch failed). */
  public void release(int events) {
    if (events > 0) {
      room.release(Math.min(events, capacity));
    }
  }

  /** Queues a stored batch; its room must have been reserved. */
  public void submit(Work work) {
    inFlight.add(work.batchId());
    lanes.get(Math.floorMod(work.clusterId().hashCode(), lanes.size())).add(work);
  }

  private void drain(BlockingQueue<Work> q) {
    while (running) {
      Work w;
      try {
        w = q.poll(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (w == null) {
        continue;
      }
      try {
        process(w);
        failures.remove(w.clusterId());
      } catch (RuntimeException | StackOverflowError e) {
        // StackOverflowError too: a pathological event must not kill the lane (and with it its clusters' processing).
        failed(w, e);
      } finally {
        inFlight.remove(w.batchId());
        release(w.events().size());
      }
    }
  }

  /**
   * Counts a failed attempt on the batch (its processing transaction rolled back, so in one of its own). A batch that
   * failed {@code kubeward.runtime.max-batch-attempts} times is set aside: a poison batch is not retried for ever, and
   * the lane goes on with the cluster's other batches either way.
   */
  private void failed(Work w, Throwable e) {
    failedAttempts.incrementAndGet();
    String error = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    RuntimeEventStore.FailureOutcome outcome;
    try {
      // A recovered batch's attempt was counted when the recovery started it (so that a crash counts too).
      outcome = tx.execute(status -> w.recovered() == null
          ? store.recordFailure(w.batchId(), error, clock.instant(), maxAttempts)
          : store.recordFailureOfCountedAttempt(w.batchId(), error, clock.instant(), maxAttempts));
    } catch (RuntimeException countFailed) {
      // The database is likely down: the attempt is not counted, the batch is retried by the recovery as before.
      log.warn("counting the failed attempt of runtime batch {} failed: {}", w.batchId(), countFailed.toString());
      outcome = RuntimeEventStore.FailureOutcome.RETRY;
    }
    String what = outcome == RuntimeEventStore.FailureOutcome.GAVE_UP
        ? "processing batch " + w.batchId() + " failed " + maxAttempts + " times; it was set aside (still stored,"
            + " not retried): " + error
        : "processing batch " + w.batchId() + " failed (the recovery retries it, at most " + maxAttempts
            + " attempts): " + error;
    if (outcome == RuntimeEventStore.FailureOutcome.GAVE_UP) {
      failedBatches.incrementAndGet();
      log.error("runtime batch {} of cluster {} set aside after {} failed attempts: {}", w.batchId(), w.clusterId(),
          maxAttempts, error);
    } else {
      log.warn("runtime batch {} of cluster {} failed: {}", w.batchId(), w.clusterId(), e.toString());
    }
    failures.put(w.clusterId(), new Failure(what, clock.instant()));
    w.done().completeExceptionally(e instanceof RuntimeException r ? r : new IllegalStateException(error, e));
  }

  /**
   * Counts a batch the recovery set aside without starting it again (its earlier attempts never finished), so the
   * metrics and the cluster's pipeline problem say so as for a batch that failed here.
   */
  void setAsideByRecovery(String batchId, String clusterId, String why) {
    failedBatches.incrementAndGet();
    failures.put(clusterId, new Failure("batch " + batchId + " was set aside: " + why, clock.instant()));
  }

  /**
   * Runs one batch through enrichment, detections and the alert store, in one transaction that starts by marking the
   * batch processed. A batch found processed already (by another instance's recovery) is skipped whole: the
   * detections do not see its events twice and its alerts are not counted twice.
   */
  List<AlertChange> process(Work w) {
    RuntimeAlertService.Recorded recorded;
    int[] found = {0};
    try {
      recorded = tx.execute(status -> {
        if (!store.claimProcessed(w.batchId(), clock.instant())) {
          return null;
        }
        EventEnricher enrich = enricher.forCluster(w.clusterId());
        // Stateful detections live in the engine's memory: a new engine (after a start, a rebuild, a rolled back
        // batch) and the recovery's engine are first fed the batches an engine that never stopped would have seen.
        Instant windowStart = w.receivedAt().minus(engines.correlationWindow());
        DetectionEngine engine;
        if (w.recovered() != null) {
          engine = w.recovered().engine();
          replay.prime(engine, enrich, w.clusterId(), windowStart, w.recovered().after(), w.position());
        } else {
          engine = engines.engine(w.clusterId(), built -> replay.prime(built, enrich, w.clusterId(), windowStart,
              java.util.Optional.empty(), w.position()));
        }
        List<DetectionHit> batchHits = new ArrayList<>();
        for (RuntimeEvent e : w.events()) {
          batchHits.addAll(engine.process(enrich.enrich(e)));
        }
        found[0] = batchHits.size();
        return alerts.recordInCurrentTransaction(w.clusterId(), batchHits);
      });
    } catch (RuntimeException | StackOverflowError e) {
      // First-seen values written in the rolled back transaction are gone again; forget the cached ones.
      firstSeen.clearCache();
      alerts.rolledBack();
      // The engine's memory took the batch's events in (duplicate-request marks, threshold counts, sequence steps),
      // but none of their effects committed: kept, a retry would see its own events as duplicates and raise nothing,
      // so the batch would end "processed" without its alerts. The next engine is replayed from the committed
      // batches, so it holds the state without this batch. (A recovery engine is used for the rest of its sweep
      // only; its next sweep builds a new one.)
      if (w.recovered() == null) {
        engines.drop(w.clusterId());
      }
      throw e;
    }
    if (recorded == null) {
      skippedBatches.incrementAndGet();
      w.done().complete(false);
      return List.of();
    }
    alerts.committed(recorded);
    List<AlertChange> changes = recorded.changes();
    hits.addAndGet(found[0]);
    processedEvents.addAndGet(w.events().size());
    processedBatches.incrementAndGet();
    long micros = (System.nanoTime() - w.receivedNanos()) / 1000;
    synchronized (latenciesMicros) {
      int slot = (int) (latencyCount++ % LATENCY_SAMPLES);
      latenciesMicros[slot] = micros;
      latencyReceivedMillis[slot] = w.receivedAt().toEpochMilli();
    }
    w.done().complete(true);
    return changes;
  }

  /** Whether a batch is queued or being processed in this process (the recovery leaves those alone). */
  public boolean inFlight(String batchId) {
    return inFlight.contains(batchId);
  }

  /** The last processing failure of a cluster, if it has not recovered since. */
  public java.util.Optional<Failure> failure(String clusterId) {
    return java.util.Optional.ofNullable(failures.get(clusterId));
  }

  /** Counters and latency percentiles over the last batches (received to alerts stored). */
  public Stats stats() {
    return stats(Instant.EPOCH);
  }

  /** Counters, and latency percentiles over the last batches received at or after {@code since}. */
  public Stats stats(Instant since) {
    long from = since.toEpochMilli();
    long[] copy;
    synchronized (latenciesMicros) {
      int n = (int) Math.min(latencyCount, LATENCY_SAMPLES);
      copy = new long[n];
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (latencyReceivedMillis[i] >= from) {
          copy[kept++] = latenciesMicros[i];
        }
      }
      copy = Arrays.copyOf(copy, kept);
    }
    Arrays.sort(copy);
    return new Stats(capacity, capacity - room.availablePermits(), processedEvents.get(), processedBatches.get(),
        hits.get(), skippedBatches.get(), failedAttempts.get(), failedBatches.get(), pct(copy, 0.50), pct(copy, 0.99),
        copy.length == 0 ? 0 : copy[copy.length - 1] / 1000.0);
  }

  /** Waits until everything queued has been processed (tests, demo). */
  public boolean awaitIdle(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (room.availablePermits() == capacity && lanes.stream().allMatch(BlockingQueue::isEmpty)) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
  }

  @Override
  public void destroy() {
    running = false;
    threads.forEach(Thread::interrupt);
  }
}
