package dev.kubeward.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Timers and counters of the server's own work: scans, rule evaluation and findings ingestion. Features call it with
 * a kind label of small, fixed cardinality (never a cluster id: thousands of clusters would mean thousands of series).
 * {@link #NONE} records into a private registry, for code built without Spring (tests, the CLI).
 */
public final class ServerMetrics {
  /** Metrics that go nowhere. */
  public static final ServerMetrics NONE = new ServerMetrics(new SimpleMeterRegistry());

  /** Timer: a whole scan of one cluster (evaluate and store), by {@code kind}. */
  public static final String SCAN_DURATION = "kubeward.scan.duration";
  /** Timer: the engine's rule evaluation alone, by {@code engine}. */
  public static final String RULE_EVALUATION = "kubeward.rules.evaluation";
  /** Timer: one findings report stored, by {@code kind} and {@code mode} (full, incremental). */
  public static final String FINDINGS_INGEST = "kubeward.findings.ingest";
  /** Counter: findings received in reports, by {@code kind}. */
  public static final String FINDINGS_REPORTED = "kubeward.findings.reported";
  /** Counter: scans that failed, by {@code kind}. */
  public static final String SCAN_FAILURES = "kubeward.scan.failures";

  private final MeterRegistry registry;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The registry, for features that build their own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Times a whole scan of one cluster. */
  public <T> T scan(String kind, Supplier<T> work) {
    return time(SCAN_DURATION, "kind", kind, work);
  }

  /** Times the evaluation of rules by one engine. */
  public <T> T ruleEvaluation(String engine, Supplier<T> work) {
    return time(RULE_EVALUATION, "engine", engine, work);
  }

  /** Records one stored findings report. */
  public void findingsIngested(String kind, String mode, long findings, Duration took) {
    Timer.builder(FINDINGS_INGEST).description("Time to store one findings report").tag("kind", kind)
        .tag("mode", mode).publishPercentileHistogram().register(registry).record(took);
    registry.counter(FINDINGS_REPORTED, "kind", kind).increment(findings);
  }

  /** Counts a failed scan. */
  public void scanFailed(String kind) {
    registry.counter(SCAN_FAILURES, "kind", kind).increment();
  }

  private <T> T time(String name, String tag, String value, Supplier<T> work) {
    Timer timer = Timer.builder(name).tag(tag, value).publishPercentileHistogram().register(registry);
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      timer.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
