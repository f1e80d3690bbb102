package dev.kubeward.posture.bench;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.LiveEvaluation;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whole-process benchmark of the misconfiguration engine (run by {@code bench/posture/run.sh}, never by
 * {@code mvn verify}): a generated 100,000-object cluster, scanned with every built-in rule; the inventory's heap
 * against its JSON size; and the latency of re-evaluating one changed object, as a watch event does.
 */
public final class PostureBenchmark {
  private PostureBenchmark() {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    RuleSet rules = RuleSet.builtIn();
    System.out.printf("rules: %d, objects: %d, cores: %d, max heap: %d MiB%n", rules.size(), objects,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

    // Serialise the generated objects first and drop the maps, so the heap delta below is the inventory alone.
    List<byte[]> raw = generateJson(objects);
    long rawJson = raw.stream().mapToLong(b -> b.length).sum();
    long before = usedHeap();
    Inventory inventory = new Inventory();
    long buildStart = System.nanoTime();
    for (byte[] json : raw) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) ObjectTree.fromJson(new String(json, java.nio.charset.StandardCharsets.UTF_8));
      inventory.put(KubeObject.of(tree, null));
    }
    long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
    long after = usedHeap();
    java.lang.ref.Reference.reachabilityFence(raw);
    raw = null;
    long storedJson = inventory.all().mapToLong(KubeObject::jsonSize).sum();
    long inventoryHeap = after - before;
    System.out.printf("inventory: built in %d ms; JSON %.1f MiB as generated, %.1f MiB as stored (Secrets' data and"
            + " ConfigMap values dropped); heap %.1f MiB = %.2fx the generated JSON (%.2fx the stored JSON)%n",
        buildMs, rawJson / 1048576.0, storedJson / 1048576.0, inventoryHeap / 1048576.0,
        inventoryHeap / (double) rawJson, inventoryHeap / (double) storedJson);

    PostureEngine engine = new PostureEngine(rules, EngineOptions.defaults());
    if (Boolean.getBoolean("bench.perRule")) {
      perRule(rules, inventory);
    }
    for (int run = 1; run <= 3; run++) {
      long start = System.nanoTime();
      ScanReport report = engine.scan(inventory);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("full scan %d (%s): %d ms, %d findings, %d rule errors%n", run, run == 1 ? "cold JVM" : "warm",
          ms, report.findings().size(), report.ruleErrors().size());
    }

    LiveEvaluation live = LiveEvaluation.attach(inventory, engine);
    List<KubeObject> all = inventory.all().toList();
    Map<String, List<KubeObject>> byKind = new LinkedHashMap<>();
    for (KubeObject o : all) {
      byKind.computeIfAbsent(o.ref().kind(), k -> new ArrayList<>()).add(o);
    }
    // A watch stream is mostly pod status churn, then workload rollouts, then everything else.
    String[] mix = {"Pod", "Pod", "Pod", "Pod", "Pod", "Pod", "Deployment", "Deployment", "ReplicaSet", "Service",
        "ConfigMap", "ServiceAccount", "RoleBinding", "Role", "NetworkPolicy", "Namespace", "StatefulSet", "Ingress"};
    Random random = new Random(7);
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    List<Long> total = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < events + 1000; i++) {
      String kind = mix[random.nextInt(mix.length)];
      List<KubeObject> candidates = byKind.get(kind);
      KubeObject current = inventory.get(candidates.get(random.nextInt(candidates.size())).ref()).orElseThrow();
      Map<String, Object> content = current.content();
      @SuppressWarnings("unchecked")
      Map<String, Object> meta = (Map<String, Object>) content.get("metadata");
      meta.put("resourceVersion", String.valueOf(2_000_000 + i));
      if (kind.equals("Deployment") && random.nextBoolean()) {
        Map<String, Object> c = ObjectTree.map(ObjectTree.list(ObjectTree.map(content, "spec", "template", "spec"),
            "containers").get(0));
        c.put("image", "registry.example.com/shop/rollout:" + i);
      }
      KubeObject changed = KubeObject.of(content, null);
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      inventory.put(changed);
      long micros = (System.nanoTime() - start) / 1_000;
      long cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000;
      if (i >= 1000) {
        cpu.add(cpuMicros);
        latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add(micros);
        total.add(micros);
      }
    }
    System.out.printf("watch events: %d changed objects re-evaluated (after 1000 warm-up): p50 %.2f ms, p99 %.2f ms,"
        + " max %.2f ms (wall clock)%n", total.size(), pct(total, 50), pct(total, 99), pct(total, 100));
    System.out.printf("watch events, CPU time of the re-evaluating thread: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        pct(cpu, 50), pct(cpu, 99), pct(cpu, 100));
    for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
      System.out.printf("  %-15s n=%4d  p50 %6.2f ms  p99 %6.2f ms%n", e.getKey(), e.getValue().size(),
          pct(e.getValue(), 50), pct(e.getValue(), 99));
    }
    System.out.println("findings tracked live: " + live.findings().size());
  }

  /** In its own frame, so no local variable keeps the generated maps reachable while the heap is measured. */
  private static List<byte[]> generateJson(int objects) {
    List<byte[]> raw = new ArrayList<>(objects);
    for (Map<String, Object> m : new ClusterGenerator(42).generate(objects)) {
      raw.add(ObjectTree.toJson(m).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return raw;
  }

  /** The slowest rules, each evaluated alone on one thread (run with -Dbench.perRule=true). */
  private static void perRule(RuleSet rules, Inventory inventory) {
    Map<String, Long> cost = new LinkedHashMap<>();
    for (int pass = 0; pass < 2; pass++) {
      for (var rule : rules.rules()) {
        PostureEngine one = new PostureEngine(rules.only(List.of(rule.id())),
            new EngineOptions(Map.of(), null, 1));
        long start = System.nanoTime();
        one.scan(inventory);
        cost.put(rule.id(), (System.nanoTime() - start) / 1_000_000);
      }
    }
    cost.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
        .forEach(e -> System.out.printf("  %-12s %6d ms%n", e.getKey(), e.getValue()));
    System.out.println("  sum of all rules alone: " + cost.values().stream().mapToLong(Long::longValue).sum() + " ms");
  }

  private static double pct(List<Long> micros, int p) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
