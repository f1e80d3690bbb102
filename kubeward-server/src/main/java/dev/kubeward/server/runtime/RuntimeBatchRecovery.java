package dev.kubeward.server.runtime;

import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.jobs.JobHandler;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.JobResult;
import dev.kubeward.server.jobs.JobRunner;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes accepted batches that no process is working on any more: the process that accepted them stopped or died
 * before their alerts were committed. Runs as the {@value #TYPE} job on the durable job queue, so one instance at a
 * time sweeps (the job's lease), and a sweeper that dies is taken over. The job is queued when the process starts
 * and every {@code kubeward.runtime.recovery-interval}; it takes unprocessed batches received more than
 * {@code kubeward.runtime.recovery-after} ago — younger ones are most likely still queued in a live instance —
 * decodes them again from their stored bodies and puts them through this process's pipeline, oldest first. Each
 * start is counted on the batch first, in a transaction of its own: a batch that kills the process processing it
 * leaves no failure behind, and after {@code kubeward.runtime.max-batch-attempts} unfinished starts it is set aside
 * like any poison batch rather than started at every sweep.
 *
 * <p>Correlation across the crash: threshold and sequence state lived in the dead process's memory, so each
 * cluster's recovered batches go through an engine of this sweep's own, which is first fed (hits thrown away) the
 * cluster's processed batches of the correlation window before each recovered batch, in receive order
 * ({@link BatchReplay}) — a burst half processed before the crash and half recovered after it still fires, once.
 *
 * <p>Exactly once: a batch is marked processed in the transaction that commits its alerts, and only if it was not
 * marked yet ({@link RuntimeEventStore#claimProcessed}), so a batch that its first instance processes after all, or
 * two sweeps racing, still gives one set of alerts.
 */
@Component
public class RuntimeBatchRecovery implements JobHandler {
  /** The job type. */
  public static final String TYPE = "runtime-batch-recovery";
  private static final Logger log = LoggerFactory.getLogger(RuntimeBatchRecovery.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PAGE = 200;

  private final RuntimeEventStore store;
  // Providers: the job queue and runner find their handlers (this one among them) when they are built, and the
  // pipeline needs the inventory, which needs the job queue.
  private final ObjectProvider<RuntimePipelineService> pipeline;
  private final ObjectProvider<RuntimeIngestService> ingest;
  private final ObjectProvider<JobQueue> queue;
  private final ObjectProvider<JobRunner> runner;
  private final ObjectProvider<ClusterEngines> engines;
  private final RuntimeProperties props;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final AtomicLong recovered = new AtomicLong();

  public RuntimeBatchRecovery(RuntimeEventStore store, ObjectProvider<RuntimePipelineService> pipeline,
      ObjectProvider<RuntimeIngestService> ingest,
      ObjectProvider<JobQueue> queue, ObjectProvider<JobRunner> runner, ObjectProvider<ClusterEngines> engines,
      RuntimeProperties props, Clock clock, PlatformTransactionManager transactions) {
    this.tx = new TransactionTemplate(transactions);
    this.engines = engines;
    this.store = store;
    this.pipeline = pipeline;
    this.ingest = ingest;
    this.queue = queue;
    this.runner = runner;
    this.props = props;
    this.clock = clock;
  }

  /** A cluster's engine during one sweep, and the last batch it was given. */
  private record ClusterReplay(DetectionEngine engine, BatchReplay.Position last) {}

  /** What one sweep did. */
  public record Sweep(int recovered, int alreadyProcessed, int failed, int undecodable, boolean queueFull) {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int maxAttempts() {
    return 3;
  }

  @Override
  public Duration backoff(int failedAttempts) {
    return props.recoveryInterval();
  }

  /** Queues a sweep (a no-op while one is queued or running) at start and then every recovery interval. */
  @Scheduled(fixedDelayString = "${kubeward.runtime.recovery-interval:PT1M}", initialDelayString = "PT0S")
  public void schedule() {
    try {
      queue.getObject().enqueue(TYPE, "sweep", "{}");
      runner.getObject().nudge();
    } catch (RuntimeException e) {
      log.warn("queueing the runtime batch recovery failed (retried next interval): {}", e.getMessage());
    }
  }

  /** Batches this process recovered since it started. */
  public long recoveredCount() {
    return recovered.get();
  }

  @Override
  public JobResult handle(JobContext context) throws Exception {
    Sweep s = sweep(context);
    if (s.recovered() + s.failed() + s.undecodable() > 0) {
      log.info("runtime batch recovery: {} batches processed, {} found processed already, {} failed (retried next"
          + " sweep until kubeward.runtime.max-batch-attempts, then set aside), {} could not be decoded", s.recovered(),
          s.alreadyProcessed(), s.failed(), s.undecodable());
    }
    return JobResult.of(JSON.writeValueAsString(Map.of("recovered", s.recovered(), "alreadyProcessed",
        s.alreadyProcessed(), "failed", s.failed(), "undecodable", s.undecodable(), "queueFull", s.queueFull())));
  }

  /** Processes the orphaned batches, oldest first, waiting for each page before reading the next. */
  Sweep sweep(JobContext context) throws InterruptedException {
    RuntimePipelineService pipeline = this.pipeline.getObject();
    Instant cutoff = clock.instant().minus(props.recoveryAfter());
    int done = 0;
    int skipped = 0;
    int failed = 0;
    int undecodable = 0;
    Optional<RuntimeEventStore.PendingBatch> after = Optional.empty();
    // Per cluster, the sweep's own engine and the last batch it took: each recovered batch goes through it after the
    // processed batches received before it, so thresholds and sequences spanning the crash still fire.
    Map<String, ClusterReplay> replays = new java.util.HashMap<>();
    java.util.Set<String> caughtUp = new java.util.HashSet<>();
    while (context.leaseHeld()) {
      List<RuntimeEventStore.PendingBatch> page = store.unprocessed(cutoff, after, PAGE);
      if (page.isEmpty()) {
        break;
      }
      List<RuntimePipelineService.Work> submitted = new ArrayList<>();
      boolean full = false;
      for (RuntimeEventStore.PendingBatch b : page) {
        if (pipeline.inFlight(b.id())) {
          after = Optional.of(b);
          continue;
        }
        Optional<List<RuntimeEvent>> events = decode(b);
        if (events.isEmpty()) {
          undecodable++;
          after = Optional.of(b);
          continue;
        }
        if (!pipeline.tryReserve(events.get().size())) {
          // The live queue has the room: what is left waits for the next sweep rather than pushing ingestion to 429.
          full = true;
          break;
        }
        RuntimeEventStore.FailureOutcome start = tx.execute(status -> store.countRecoveryAttempt(b.id(),
            clock.instant(), props.maxBatchAttempts()));
        if (start != RuntimeEventStore.FailureOutcome.RETRY) {
          pipeline.release(events.get().size());
          if (start == RuntimeEventStore.FailureOutcome.GAVE_UP) {
            failed++;
            String why = "its processing did not finish " + props.maxBatchAttempts() + " times (the process stopped"
                + " or crashed while processing it)";
            pipeline.setAsideByRecovery(b.id(), b.clusterId(), why);
            log.error("runtime batch {} of cluster {} set aside: {}", b.id(), b.clusterId(), why);
          } else {
            skipped++;
          }
          after = Optional.of(b);
          continue;
        }
        ClusterReplay previous = replays.get(b.clusterId());
        DetectionEngine engine = previous == null ? engines.getObject().fresh(b.clusterId()) : previous.engine();
        RuntimePipelineService.Work w = new RuntimePipelineService.Work(b.id(), b.clusterId(), events.get(),
            b.receivedAt(), System.nanoTime(), new RuntimePipelineService.Recovered(engine,
                previous == null ? Optional.empty() : Optional.of(previous.last())));
        replays.put(b.clusterId(), new ClusterReplay(engine, new BatchReplay.Position(b.receivedAt(), b.id())));
        pipeline.submit(w);
        submitted.add(w);
        after = Optional.of(b);
      }
      for (RuntimePipelineService.Work w : submitted) {
        try {
          if (Boolean.TRUE.equals(w.done().get(10, TimeUnit.MINUTES))) {
            done++;
            recovered.incrementAndGet();
            caughtUp.add(w.clusterId());
          } else {
            skipped++;
          }
        } catch (ExecutionException | TimeoutException e) {
          failed++;
        }
      }
      if (full) {
        forgetLiveEngines(caughtUp);
        return new Sweep(done, skipped, failed, undecodable, true);
      }
    }
    forgetLiveEngines(caughtUp);
    return new Sweep(done, skipped, failed, undecodable, false);
  }

  /**
   * The live engine of a cluster with recovered batches has not seen them: the next live batch builds a new one,
   * replayed with them in receive order, so a threshold spanning a recovered batch and a later one still fires. Once
   * per sweep, not per batch: each new engine costs a replay of the window.
   */
  private void forgetLiveEngines(java.util.Set<String> clusters) {
    clusters.forEach(engines.getObject()::drop);
  }

  /**
   * The batch's events, decoded again exactly as when it was accepted (same cluster, batch id and receive time, so
   * the same event ids). A batch that cannot be decoded any more (its format is gone or changed) is marked processed
   * and counted as a refusal of its sensor, so it is not retried for ever and not dropped silently.
   */
  private Optional<List<RuntimeEvent>> decode(RuntimeEventStore.PendingBatch b) {
    EventFormats formats = ingest.getObject().formats();
    Optional<RuntimeEventStore.RawBatch> raw = store.rawBatch(b.id());
    if (raw.isEmpty()) {
      return Optional.empty(); // purged meanwhile
    }
    String why;
    if (formats.find(b.format()).isEmpty()) {
      why = "its format '" + b.format() + "' is not known";
    } else {
      IngestLimits l = props.limits();
      // Limits may have been lowered since the batch was accepted; what was accepted once is decoded again.
      IngestLimits limits = new IngestLimits(Math.max(l.maxBatchBytes(), raw.get().raw().length),
          Math.max(l.maxEventsPerBatch(), b.events()), l.maxDocumentBytes(), l.maxDepth(), l.maxStringLength());
      try {
        return Optional.of(formats.parseBatch(b.format(), new ByteArrayInputStream(raw.get().raw()),
            new IngestContext(b.clusterId(), b.id(), b.receivedAt()), limits).events());
      } catch (EventInputException e) {
        why = e.getMessage();
      }
    }
    Instant now = clock.instant();
    if (store.claimProcessed(b.id(), now)) {
      String message = "stored batch " + b.id() + " could not be decoded again for processing: " + why;
      store.countRejected(b.clusterId(), b.format(), now, message);
      log.warn("runtime batch recovery: {}", message);
    }
    return Optional.empty();
  }
}
