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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The bounded queue between the ingestion endpoints and the detections, and the threads that drain it.
 *
 * <p>Capacity is counted in events ({@code kubeward.runtime.queue-capacity}): an endpoint reserves room for a whole
 * batch before storing it and gets "no" when there is none, which it answers with 429 — so memory never grows past the
 * capacity and nothing accepted is ever dropped. Each cluster always goes to the same lane (one thread), so its events
 * reach the stateful detections (sequences, thresholds) in the order they arrived; lanes run in parallel.
 */
@Service
public class RuntimePipelineService implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(RuntimePipelineService.class);
  private static final int LATENCY_SAMPLES = 4096;

  private final ClusterEngines engines;
  private final InventoryEnricher enricher;
  private final RuntimeAlertService alerts;
  private final RuntimeEventStore store;
  private final Clock clock;
  private final int capacity;
  private final Semaphore room;
  private final List<BlockingQueue<Work>> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong processedEvents = new AtomicLong();
  private final AtomicLong processedBatches = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final long[] latenciesMicros = new long[LATENCY_SAMPLES];
  private long latencyCount;
  private volatile boolean running = true;

  public RuntimePipelineService(ClusterEngines engines, InventoryEnricher enricher, RuntimeAlertService alerts,
      RuntimeEventStore store, RuntimeProperties props, Clock clock) {
    this.engines = engines;
    this.enricher = enricher;
    this.alerts = alerts;
    this.store = store;
    this.clock = clock;
    this.capacity = props.queueCapacity();
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

  /** One stored batch waiting for the detections. */
  public record Work(String batchId, String clusterId, List<RuntimeEvent> events, Instant receivedAt,
      long receivedNanos) {}

  /** The last failure of a cluster's processing. */
  public record Failure(String message, Instant at) {}

  /** Pipeline counters, for the sensor health line and the load benchmark. */
  public record Stats(int capacity, int queued, long processedEvents, long processedBatches, long hits,
      double latencyP50Millis, double latencyP99Millis, double latencyMaxMillis) {}

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
      } catch (RuntimeException e) {
        failures.put(w.clusterId(), new Failure("processing batch " + w.batchId() + " failed: " + e.getMessage(),
            clock.instant()));
        log.warn("runtime batch {} of cluster {} failed: {}", w.batchId(), w.clusterId(), e.toString());
      } finally {
        release(w.events().size());
      }
    }
  }

  /** Runs one batch through enrichment, detections and the alert store. */
  List<AlertChange> process(Work w) {
    DetectionEngine engine = engines.engine(w.clusterId());
    EventEnricher enrich = enricher.forCluster(w.clusterId());
    List<DetectionHit> found = new ArrayList<>();
    for (RuntimeEvent e : w.events()) {
      found.addAll(engine.process(enrich.enrich(e)));
    }
    hits.addAndGet(found.size());
    List<AlertChange> changes = alerts.record(w.clusterId(), found);
    store.markProcessed(w.batchId(), clock.instant());
    processedEvents.addAndGet(w.events().size());
    processedBatches.incrementAndGet();
    long micros = (System.nanoTime() - w.receivedNanos()) / 1000;
    synchronized (latenciesMicros) {
      latenciesMicros[(int) (latencyCount++ % LATENCY_SAMPLES)] = micros;
    }
    return changes;
  }

  /** The last processing failure of a cluster, if it has not recovered since. */
  public java.util.Optional<Failure> failure(String clusterId) {
    return java.util.Optional.ofNullable(failures.get(clusterId));
  }

  /** Counters and latency percentiles over the last batches (received to alerts stored). */
  public Stats stats() {
    long[] copy;
    synchronized (latenciesMicros) {
      copy = Arrays.copyOf(latenciesMicros, (int) Math.min(latencyCount, LATENCY_SAMPLES));
    }
    Arrays.sort(copy);
    return new Stats(capacity, capacity - room.availablePermits(), processedEvents.get(), processedBatches.get(),
        hits.get(), pct(copy, 0.50), pct(copy, 0.99), copy.length == 0 ? 0 : copy[copy.length - 1] / 1000.0);
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
