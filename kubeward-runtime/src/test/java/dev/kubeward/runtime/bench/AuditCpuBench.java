package dev.kubeward.runtime.bench;

import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;

/**
 * Audit events per CPU-second of one thread for parsing, detection, and both, measured side by side in one run.
 * CPU time, not wall time, so the numbers hold on a machine shared with other builds (wall-clock JMH scores there
 * swing with the load). Run with {@code bench/run.sh cpu [seconds per measurement]}.
 */
public final class AuditCpuBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final EventFormats FORMATS = EventFormats.load();

  private AuditCpuBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    byte[] batch = AuditEventMix.jsonLines(10_000, 42);
    List<RuntimeEvent> events = parse(batch);
    System.out.printf("batch: 10000 audit events, %.0f bytes per event, %d built-in detections%n",
        batch.length / 10_000.0, DetectionCatalog.builtIn().size());
    for (String phase : List.of("warmup", "measure")) {
      int s = phase.equals("warmup") ? Math.max(5, seconds / 2) : seconds;
      double parse = rate(s, () -> parse(batch).size());
      double detect = rate(s, () -> detect(events));
      double both = rate(s, () -> detect(parse(batch)));
      System.out.printf("%-8s parse %,10.0f   detect %,10.0f   parse+detect %,10.0f   events per CPU-second%n", phase,
          parse, detect, both);
    }
  }

  interface Work {
    int run() throws Exception;
  }

  static double rate(int seconds, Work work) throws Exception {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long events = 0;
    while (System.nanoTime() < end) {
      events += work.run();
    }
    return events * 1e9 / (THREADS.getCurrentThreadCpuTime() - cpuStart);
  }

  static List<RuntimeEvent> parse(byte[] batch) throws EventInputException {
    return FORMATS.parseBatch("kubernetes-audit", new ByteArrayInputStream(batch),
        new IngestContext("bench", "b", Instant.EPOCH), IngestLimits.DEFAULT).events();
  }

  /** A fresh engine per batch, so audit ids are new to it, as with live traffic. */
  static int detect(List<RuntimeEvent> events) {
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    for (RuntimeEvent e : events) {
      engine.process(e);
    }
    return events.size();
  }
}
