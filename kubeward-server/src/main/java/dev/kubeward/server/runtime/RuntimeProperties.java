package dev.kubeward.server.runtime;

import dev.kubeward.runtime.event.IngestLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server-wide sizing of runtime ingestion ({@code kubeward.runtime.*}): these bound memory, so they are properties of
 * the process rather than settings of a workspace.
 *
 * @param queueCapacity events accepted but not yet through the detections; past it, posts get 429
 * @param workers pipeline threads (0: one per CPU); each cluster is always handled by the same thread, in order
 * @param maxConcurrentParses request bodies decoded at once; past it, posts get 429 before their body is read
 * @param maxBatchBytes bytes of one posted batch (413 past it)
 * @param maxEventsPerBatch events of one posted batch (413 past it)
 * @param retryAfter the Retry-After a 429 suggests
 * @param purgeInterval how often expired events are deleted
 * @param recoveryAfter a stored batch still not through the detections this long after it was accepted is taken as
 *     orphaned (the process that accepted it stopped or died) and processed by the recovery; keep it above the
 *     longest time a batch waits in a busy queue
 * @param recoveryInterval how often the recovery of orphaned batches runs (also once at start)
 * @param maxBatchAttempts processing attempts of a stored batch that fails every time (a poison batch) before it is
 *     set aside as failed: kept stored, not retried, shown in the sensor status and the failed-batches API
 */
@ConfigurationProperties("kubeward.runtime")
public record RuntimeProperties(Integer queueCapacity, Integer workers, Integer maxConcurrentParses,
    Long maxBatchBytes, Integer maxEventsPerBatch, Duration retryAfter, Duration purgeInterval,
    Duration recoveryAfter, Duration recoveryInterval, Integer maxBatchAttempts) {
  public RuntimeProperties {
    queueCapacity = queueCapacity == null ? 100_000 : queueCapacity;
    workers = workers == null || workers <= 0 ? Runtime.getRuntime().availableProcessors() : workers;
    maxConcurrentParses = maxConcurrentParses == null ? Math.max(2, 2 * workers) : maxConcurrentParses;
    maxBatchBytes = maxBatchBytes == null ? IngestLimits.DEFAULT.maxBatchBytes() : maxBatchBytes;
    maxEventsPerBatch = maxEventsPerBatch == null ? IngestLimits.DEFAULT.maxEventsPerBatch() : maxEventsPerBatch;
    retryAfter = retryAfter == null ? Duration.ofSeconds(2) : retryAfter;
    purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
    recoveryAfter = recoveryAfter == null ? Duration.ofMinutes(2) : recoveryAfter;
    recoveryInterval = recoveryInterval == null ? Duration.ofMinutes(1) : recoveryInterval;
    maxBatchAttempts = maxBatchAttempts == null ? 5 : maxBatchAttempts;
    if (maxBatchAttempts < 1) {
      throw new IllegalArgumentException("kubeward.runtime.max-batch-attempts must be at least 1");
    }
    if (queueCapacity < 1 || maxConcurrentParses < 1) {
      throw new IllegalArgumentException("kubeward.runtime.queue-capacity and max-concurrent-parses must be positive");
    }
  }

  /** The engine's ingest limits with this server's batch bounds. */
  public IngestLimits limits() {
    IngestLimits d = IngestLimits.DEFAULT;
    return new IngestLimits(maxBatchBytes, maxEventsPerBatch, Math.min(d.maxDocumentBytes(), maxBatchBytes),
        d.maxDepth(), d.maxStringLength());
  }
}
