package dev.kubeward.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Counters of event and report ingestion ({@code /api/v1/ingest/**}): requests by outcome (accepted, throttled = 429,
 * rejected, unauthorized, error), bytes, events accepted and events dropped. {@link IngestionMetricsFilter} counts
 * every request; an ingestion service adds events and drops it knows of through {@link #eventsAccepted} and
 * {@link #eventsDropped}.
 */
public final class IngestionMetrics {
  /** Counter: ingestion requests by {@code source} and {@code outcome}. */
  public static final String REQUESTS = "kubeward.ingest.requests";
  /** Distribution summary: request body bytes by {@code source}. */
  public static final String BYTES = "kubeward.ingest.bytes";
  /** Counter: events stored, by {@code source}. */
  public static final String EVENTS = "kubeward.ingest.events";
  /** Counter: events refused with 429 because the pipeline's queue was full, by {@code source}. */
  public static final String THROTTLED = "kubeward.ingest.events.throttled";
  /** Counter: events dropped after acceptance (should stay 0: ingestion answers 429 instead), by {@code source}. */
  public static final String DROPPED = "kubeward.ingest.dropped";

  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private final MeterRegistry registry;

  public IngestionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one finished ingestion request. */
  public void request(String source, int status, long bytes) {
    String s = source(source);
    registry.counter(REQUESTS, "source", s, "outcome", outcome(status)).increment();
    if (bytes > 0) {
      registry.summary(BYTES, "source", s).record(bytes);
    }
  }

  /** Counts events stored by an ingestion service. */
  public void eventsAccepted(String source, long events) {
    registry.counter(EVENTS, "source", source(source)).increment(events);
  }

  /** Counts events refused (429) because the queue was full; the sensor sends them again. */
  public void eventsThrottled(String source, long events) {
    registry.counter(THROTTLED, "source", source(source)).increment(events);
  }

  /** Counts events an ingestion service had to drop. */
  public void eventsDropped(String source, long events) {
    registry.counter(DROPPED, "source", source(source)).increment(events);
  }

  /** The outcome label of an HTTP status. */
  static String outcome(int status) {
    if (status == 429) {
      return "throttled";
    }
    if (status == 401 || status == 403) {
      return "unauthorized";
    }
    if (status >= 200 && status < 300) {
      return "accepted";
    }
    return status >= 500 ? "error" : "rejected";
  }

  /** A label value from a path segment: known shape or {@code other}, so a hostile path cannot add series. */
  static String source(String raw) {
    String s = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
    return SOURCE.matcher(s).matches() ? s : "other";
  }
}
