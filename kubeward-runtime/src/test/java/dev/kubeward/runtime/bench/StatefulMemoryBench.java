package dev.kubeward.runtime.bench;

import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionStatus;
import dev.kubeward.runtime.detection.StateLimits;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Memory of stateful detections under an unbounded number of distinct keys: every event names a new user, pod or
 * workload, which is the worst case for per-key state. Prints retained heap (after GC) and state size per round; with
 * the bounds in {@link StateLimits} the heap levels off instead of growing with the event count.
 * Run with {@code bench/run.sh memory [rounds] [events per round] [max keys per detection]}.
 */
public final class StatefulMemoryBench {
  private StatefulMemoryBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
    StateLimits limits = args.length > 2
        ? new StateLimits(Integer.parseInt(args[2]), 10, Integer.parseInt(args[2]) * 5, Integer.parseInt(args[2]), 500)
        : StateLimits.DEFAULT;
    System.out.println("limits: " + limits);
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).limits(limits).build();
    Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
    System.out.printf("%-8s %12s %14s %12s %12s%n", "round", "events", "retained MiB", "state keys", "evictions");
    long baseline = retained();
    System.out.printf("%-8s %12d %14.1f %12d %12d%n", "before", 0, baseline / 1048576.0, 0, 0);
    long n = 0;
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < perRound; i++, n++) {
        Instant t = t0.plusMillis(n);
        engine.process(switch ((int) (n % 4)) {
          case 0 -> secretRead("user-" + n, "id-" + n, t);
          case 1 -> exec("ns-" + (n % 1000), "wl" + n + "-7d4b9c6f5d-abcde", "/usr/bin/curl", "http://x/" + n, t);
          case 2 -> exec("ns-" + (n % 1000), "wl" + n + "-7d4b9c6f5d-abcde", "/bin/app-" + n, "", t);
          default -> connect("pod-" + n, t);
        });
      }
      long keys = 0;
      long evictions = 0;
      for (DetectionStatus s : engine.status()) {
        keys += s.stateKeys();
        evictions += s.evictions();
      }
      System.out.printf("%-8d %12d %14.1f %12d %12d%n", round, n, retained() / 1048576.0, keys, evictions);
    }
  }

  static long retained() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static RuntimeEvent secretRead(String user, String auditId, Instant t) {
    return RuntimeEvent.builder("a" + auditId, EventSource.KUBERNETES_AUDIT, EventKind.API_REQUEST, t).cluster("c")
        .namespace("shop").user(new Actor(user, "", List.of(), ""))
        .api(new ApiRequest(auditId, "ResponseComplete", "get", "secrets", "", "", "v1", "shop", "s", "", 403,
            "forbid", false, "", List.of("10.0.0.1"), Map.of(), PodSpecSummary.NONE))
        .build();
  }

  static RuntimeEvent exec(String ns, String pod, String exe, String args, Instant t) {
    return RuntimeEvent.builder("p" + pod + exe, EventSource.TETRAGON, EventKind.PROCESS_START, t).cluster("c")
        .namespace(ns).pod(pod).containerId("c1").workload(new WorkloadRef("Deployment", pod.contains("-") ? pod.substring(0, pod.indexOf('-')) : pod))
        .process(new ProcessInfo(1, exe, null, null, args, "/", 0, "", null, "", false, false, false, List.of(),
            List.of()))
        .build();
  }

  static RuntimeEvent connect(String pod, Instant t) {
    return exec("shop", pod, "/app", "", t).toBuilder().kind(EventKind.NETWORK_CONNECT)
        .network(new NetworkPeer("TCP", "10.244.0.1", 1234, "10.96.0.1", 443, "", "outbound")).build();
  }
}
