package dev.kubeward.server.runtime;

import dev.kubeward.runtime.event.EventBatch;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.workspace.ClusterDao;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts one posted batch: decodes it whole (or rejects it whole with a 4xx naming why), reserves room in the
 * pipeline's bounded queue (or answers 429), stores the batch and its normalized events in one transaction, and only
 * then queues it for the detections and acknowledges it. Nothing is half-stored and nothing accepted is dropped.
 */
@Service
public class RuntimeIngestService {
  private final EventFormats formats = EventFormats.load();
  private final RuntimePipelineService pipeline;
  private final RuntimeEventStore store;
  private final ClusterDao clusters;
  private final IdGenerator ids;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final IngestLimits limits;
  private final Semaphore parses;
  private final long retryAfterSeconds;

  public RuntimeIngestService(RuntimePipelineService pipeline, RuntimeEventStore store, ClusterDao clusters,
      IdGenerator ids, Clock clock, PlatformTransactionManager transactions, RuntimeProperties props) {
    this.pipeline = pipeline;
    this.store = store;
    this.clusters = clusters;
    this.ids = ids;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
    this.limits = props.limits();
    this.parses = new Semaphore(props.maxConcurrentParses());
    this.retryAfterSeconds = Math.max(1, props.retryAfter().toSeconds());
  }

  /** What an accepted batch became. */
  public record Accepted(String batchId, String format, int events, long bytes) {}

  /** The queue is full: try again after the given seconds. */
  public static final class Throttled extends ApiException {
    private final long retryAfterSeconds;

    public Throttled(long retryAfterSeconds, String message) {
      super(HttpStatus.TOO_MANY_REQUESTS, message);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** The event formats the endpoints accept. */
  public EventFormats formats() {
    return formats;
  }

  /**
   * Accepts a batch for a cluster.
   *
   * @throws ApiException 400 malformed or unknown event type, 404 unknown format or cluster, 413 too large, 429 full,
   *     503 when storing failed
   */
  private dev.kubeward.server.metrics.IngestionMetrics metrics;

  /** Where accepted and refused event counts go (Prometheus). */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void setMetrics(dev.kubeward.server.metrics.IngestionMetrics metrics) {
    this.metrics = metrics;
  }

  public Accepted accept(String clusterId, String formatId, InputStream body, long contentLength) {
    Instant now = clock.instant();
    clusters.find(clusterId).orElseThrow(() -> ApiException.notFound("cluster", clusterId));
    if (formats.find(formatId).isEmpty()) {
      throw new ApiException(HttpStatus.NOT_FOUND, "unknown event format '" + formatId + "'; known formats: "
          + String.join(", ", formats.all().stream().map(f -> f.id()).toList()));
    }
    if (contentLength > limits.maxBatchBytes()) {
      String why = "the batch has " + contentLength + " bytes; at most " + limits.maxBatchBytes() + " are accepted";
      store.countRejected(clusterId, formatId, now, why);
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, why);
    }
    if (!parses.tryAcquire()) {
      store.countThrottled(clusterId, formatId, now, 0);
      throw new Throttled(retryAfterSeconds, "the server is decoding as many batches as it may at once; retry later");
    }
    String batchId = ids.newId();
    EventBatch batch;
    byte[] raw;
    try {
      // The body is kept as it came (for "Open logs"), so it is read whole first, never past the limit.
      raw = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBatchBytes() + 1));
      if (raw.length > limits.maxBatchBytes()) {
        String why = "the batch has more than " + limits.maxBatchBytes() + " bytes";
        store.countRejected(clusterId, formatId, now, why);
        throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, why);
      }
      batch = formats.parseBatch(formatId, new java.io.ByteArrayInputStream(raw),
          new IngestContext(clusterId, batchId, now), limits);
    } catch (EventInputException e) {
      store.countRejected(clusterId, formatId, now, e.getMessage());
      throw new ApiException(status(e.reason()), e.getMessage());
    } catch (java.io.IOException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "the request body could not be read: " + e.getMessage());
    } finally {
      parses.release();
    }
    int n = batch.events().size();
    if (!pipeline.tryReserve(n)) {
      store.countThrottled(clusterId, formatId, now, n);
      if (metrics != null) {
        metrics.eventsThrottled(formatId, n);
      }
      throw new Throttled(retryAfterSeconds, "the server's event queue is full; the batch of " + n
          + " events was not accepted, retry later");
    }
    store.registerSensor(clusterId, formatId, now);
    Instant lastEvent = batch.events().stream().map(RuntimeEvent::time).max(Instant::compareTo).orElse(null);
    try {
      tx.executeWithoutResult(s -> {
        store.insertBatch(batchId, clusterId, formatId, now, raw, batch.events());
        store.countAccepted(clusterId, formatId, now, n, lastEvent);
      });
    } catch (RuntimeException e) {
      pipeline.release(n);
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the batch could not be stored; retry later");
    }
    pipeline.submit(new RuntimePipelineService.Work(batchId, clusterId, batch.events(), now, System.nanoTime()));
    if (metrics != null) {
      metrics.eventsAccepted(formatId, n);
    }
    return new Accepted(batchId, formatId, n, batch.bytes());
  }

  static HttpStatus status(EventInputException.Reason reason) {
    return switch (reason) {
      case TOO_LARGE, TOO_MANY_EVENTS -> HttpStatus.CONTENT_TOO_LARGE;
      case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
      default -> HttpStatus.BAD_REQUEST;
    };
  }
}
