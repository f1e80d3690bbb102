package dev.kubeward.runtime.bench;

import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.EventBatch;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's share of the audit ingestion path, one thread (one core): parsing a webhook batch, running every
 * built-in detection, and both together. Scores are audit events per second. Run with {@code bench/run.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class AuditThroughputBenchmark {
  static final int BATCH = 10_000;
  static final EventFormats FORMATS = EventFormats.load();

  byte[] batch;
  List<RuntimeEvent> events;
  DetectionEngine engine;

  @Setup(Level.Trial)
  public void prepare() throws EventInputException {
    batch = AuditEventMix.jsonLines(BATCH, 42);
    events = parse().events();
  }

  /** A fresh engine per batch, so each batch's audit ids are new to it, as with live traffic. */
  @Setup(Level.Invocation)
  public void freshEngine() {
    engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
  }

  EventBatch parse() throws EventInputException {
    return FORMATS.parseBatch("kubernetes-audit", new ByteArrayInputStream(batch),
        new IngestContext("bench", "b", Instant.EPOCH), IngestLimits.DEFAULT);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int parseOnly() throws EventInputException {
    return parse().events().size();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int detectOnly() {
    int hits = 0;
    for (RuntimeEvent e : events) {
      hits += engine.process(e).size();
    }
    return hits;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int parseAndDetect() throws EventInputException {
    int hits = 0;
    for (RuntimeEvent e : parse().events()) {
      List<DetectionHit> h = engine.process(e);
      hits += h.size();
    }
    return hits;
  }
}
