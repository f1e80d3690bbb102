package dev.kubeward.server.runtime;

import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.event.EventEnricher;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a detection engine that starts empty the state it would have had: the cluster's already processed batches of
 * the last correlation window ({@link ClusterEngines#correlationWindow()}, the longest threshold or sequence window)
 * are decoded again from their stored bodies and fed to it in the order they were received. Their hits are thrown
 * away — those batches' alerts were recorded when they were processed — so replayed events only re-feed thresholds,
 * sequences and the duplicate-request marks, and nothing is counted twice. Used when a cluster's engine is built (a
 * restart, a crash, a settings change, a rolled back batch) and by the recovery of orphaned batches.
 *
 * <p>Bounded: at most {@value #MAX_EVENTS} events, the newest, are replayed; a cluster sending more than that per
 * window loses the correlation of the oldest ones, as before this existed.
 */
@Component
public class BatchReplay {
  static final int MAX_EVENTS = 200_000;
  private static final Logger log = LoggerFactory.getLogger(BatchReplay.class);

  private final RuntimeEventStore store;
  private final EventFormats formats = EventFormats.load();
  private final AtomicLong replayedEvents = new AtomicLong();
  private final AtomicLong replayedBatches = new AtomicLong();

  public BatchReplay(RuntimeEventStore store) {
    this.store = store;
  }

  /** A batch's place in the order the pipeline takes a cluster's batches: received time, then id. */
  public record Position(Instant receivedAt, String id) {}

  /**
   * Feeds {@code engine} the processed (not set aside) batches of a cluster received from {@code from} on, after
   * {@code after} (exclusive; empty: no lower bound but {@code from}) and before {@code before} (exclusive).
   *
   * @return the events replayed
   */
  public int prime(DetectionEngine engine, EventEnricher enrich, String clusterId, Instant from,
      Optional<Position> after, Position before) {
    List<RuntimeEventStore.PendingBatch> batches = store.processedBefore(clusterId, from, after, before, MAX_EVENTS);
    int events = 0;
    for (RuntimeEventStore.PendingBatch b : batches) {
      for (RuntimeEvent e : decode(b)) {
        engine.process(enrich.enrich(e)); // hits dropped: recorded when the batch was processed
        events++;
      }
    }
    if (!batches.isEmpty()) {
      replayedBatches.addAndGet(batches.size());
      replayedEvents.addAndGet(events);
      log.debug("replayed {} events of {} processed batches of cluster {} into a new engine", events, batches.size(),
          clusterId);
    }
    return events;
  }

  /** Events replayed since the process started (tests, health). */
  public long replayedEvents() {
    return replayedEvents.get();
  }

  /** Batches replayed since the process started. */
  public long replayedBatches() {
    return replayedBatches.get();
  }

  private List<RuntimeEvent> decode(RuntimeEventStore.PendingBatch b) {
    Optional<RuntimeEventStore.RawBatch> raw = store.rawBatch(b.id());
    if (raw.isEmpty() || formats.find(b.format()).isEmpty()) {
      return List.of(); // purged meanwhile, or its format is gone: nothing to re-feed
    }
    IngestLimits l = IngestLimits.DEFAULT;
    // Decoded exactly as when it was accepted (same context, so the same event ids), whatever today's limits are.
    IngestLimits limits = new IngestLimits(Math.max(l.maxBatchBytes(), raw.get().raw().length),
        Math.max(l.maxEventsPerBatch(), b.events()), l.maxDocumentBytes(), l.maxDepth(), l.maxStringLength());
    try {
      return formats.parseBatch(b.format(), new ByteArrayInputStream(raw.get().raw()),
          new IngestContext(b.clusterId(), b.id(), b.receivedAt()), limits).events();
    } catch (EventInputException e) {
      return List.of();
    }
  }
}
