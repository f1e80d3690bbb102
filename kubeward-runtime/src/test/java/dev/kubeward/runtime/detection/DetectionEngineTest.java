package dev.kubeward.runtime.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.NotEvaluated;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Engine behaviour beyond single detections: settings, errors, bounded state, stage deduplication, threads. */
class DetectionEngineTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  static RuntimeEvent exec(String pod, String exe, Instant t) {
    return RuntimeEvent.builder("e-" + pod + exe + t, EventSource.TETRAGON, EventKind.PROCESS_START, t)
        .cluster("c1").namespace("shop").pod(pod).containerId("abc")
        .process(new ProcessInfo(1, exe, null, null, "", "/", 0, "", null, "", false, false, false, List.of(),
            List.of()))
        .build();
  }

  static RuntimeEvent secretRead(String user, String auditId, String stage, Instant t) {
    return RuntimeEvent.builder("a-" + auditId + stage, EventSource.KUBERNETES_AUDIT, EventKind.API_REQUEST, t)
        .cluster("c1").namespace("shop").user(new Actor(user, "", List.of(), ""))
        .api(new ApiRequest(auditId, stage, "get", "secrets", "", "", "v1", "shop", "s", "", 200, "allow", true, "",
            List.of("10.0.0.1"), Map.of(), PodSpecSummary.NONE))
        .build();
  }

  @Test
  void detectionWithoutItsRequiredParameterIsNotEvaluatedAndSaysWhy() {
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    DetectionStatus s = engine.status().stream().filter(x -> x.detectionId().equals("k8s-node-not-allowed"))
        .findFirst().orElseThrow();
    assertThat(s.notEvaluated()).get().extracting(NotEvaluated::reason).isEqualTo(NotEvaluated.Reason.DATA_MISSING);
    assertThat(s.notEvaluated().get().detail()).contains("allowedNodes");

    DetectionEngine configured = DetectionEngine.builder(DetectionCatalog.builtIn())
        .settings(new DetectionSettings(Set.of(), Map.of("k8s-node-not-allowed", Map.of("allowedNodes", List.of("n-.*")))))
        .build();
    assertThat(configured.status().stream().filter(x -> x.detectionId().equals("k8s-node-not-allowed")).findFirst()
        .orElseThrow().notEvaluated()).isEmpty();
  }

  @Test
  void disabledDetectionsDoNotRun() {
    RuntimeEvent nmap = exec("web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", T0);
    DetectionEngine on = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    assertThat(on.process(nmap)).extracting(h -> h.detection().id()).contains("proc-network-scanner");
    DetectionEngine off = DetectionEngine.builder(DetectionCatalog.builtIn())
        .settings(new DetectionSettings(Set.of("proc-network-scanner"), Map.of())).build();
    assertThat(off.process(nmap)).extracting(h -> h.detection().id()).doesNotContain("proc-network-scanner");
    assertThat(off.status().stream().filter(s -> s.detectionId().equals("proc-network-scanner")).findFirst()
        .orElseThrow().enabled()).isFalse();
  }

  @Test
  void evaluationErrorsAreCountedAndNeverMatch() {
    DetectionCatalog c = DetectionCatalog.ofYaml("""
        id: fragile
        title: Reads a field that is not there
        severity: Low
        confidence: Low
        mitre: {tacticId: TA0002, tactic: Execution, techniqueId: T1059, technique: Command and Scripting Interpreter}
        description: d
        response: [r]
        on: {kinds: [process-start]}
        condition: event.api.object.spec.hostNetwork == true
        """, "fragile.yaml");
    DetectionEngine engine = DetectionEngine.builder(c).build();
    assertThat(engine.process(exec("p", "/bin/sh", T0))).isEmpty();
    DetectionStatus s = engine.status().get(0);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.lastError()).contains("spec");
  }

  @Test
  void oneApiRequestCountsOncePerDetectionAcrossItsStages() {
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    long hits = 0;
    for (int i = 0; i < 20; i++) {
      hits += engine.process(secretRead("mallory", "req-" + i, "ResponseStarted", T0.plusSeconds(i))).size();
      hits += engine.process(secretRead("mallory", "req-" + i, "ResponseComplete", T0.plusSeconds(i))).size();
    }
    // 40 audit events but 20 requests: the burst threshold (20) is reached exactly once.
    assertThat(hits).isEqualTo(1);
  }

  @Test
  void requestReceivedStageIsIgnoredByDefault() {
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    for (int i = 0; i < 25; i++) {
      assertThat(engine.process(secretRead("mallory", "r-" + i, "RequestReceived", T0.plusSeconds(i)))).isEmpty();
    }
  }

  @Test
  void thresholdStateStaysBoundedUnderManyDistinctKeys() {
    StateLimits limits = new StateLimits(1000, 10, 5000, 100, 50);
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).limits(limits).build();
    for (int i = 0; i < 20_000; i++) {
      engine.process(secretRead("user-" + i, "u" + i, "ResponseComplete", T0.plusMillis(i)));
    }
    DetectionStatus burst = engine.status().stream().filter(s -> s.detectionId().equals("k8s-secret-enumeration-burst"))
        .findFirst().orElseThrow();
    assertThat(burst.stateKeys()).isLessThanOrEqualTo(1000);
    assertThat(burst.evictions()).isEqualTo(19_000);
  }

  @Test
  void firstSeenStoreForgetsScopesPastItsBoundWithoutFalseAlerts() {
    FirstSeenStore store = FirstSeenStore.inMemory(2, 3);
    Duration learn = Duration.ofHours(1);
    assertThat(store.observe("a", "x", T0, learn)).isEqualTo(FirstSeenStore.Observation.LEARNING);
    assertThat(store.observe("a", "y", T0.plusSeconds(7200), learn)).isEqualTo(FirstSeenStore.Observation.NEW);
    assertThat(store.observe("a", "x", T0.plusSeconds(7201), learn)).isEqualTo(FirstSeenStore.Observation.KNOWN);
    store.observe("b", "x", T0, learn);
    store.observe("c", "x", T0, learn);
    // "a" was least recently used and is gone: it is learned again, so a new value is not reported at once.
    assertThat(store.observe("a", "z", T0.plusSeconds(9000), learn)).isEqualTo(FirstSeenStore.Observation.LEARNING);
    assertThat(store.observe("a", "w", T0.plusSeconds(9001), learn)).isEqualTo(FirstSeenStore.Observation.LEARNING);
    store.observe("a", "v", T0.plusSeconds(9002), learn);
    assertThat(store.observe("a", "u", T0.plusSeconds(20_000), learn)).isEqualTo(FirstSeenStore.Observation.SCOPE_FULL);
  }

  @Test
  void engineIsSafeToShareBetweenThreads() throws Exception {
    DetectionEngine engine = DetectionEngine.builder(DetectionCatalog.builtIn()).build();
    AtomicLong hits = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      int thread = t;
      pool.submit(() -> {
        for (int i = 0; i < 500; i++) {
          hits.addAndGet(engine.process(secretRead("u" + thread, "t" + thread + "-" + i, "ResponseComplete",
              T0.plusMillis(i))).size());
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    // Each thread's user reaches 20 reads 25 times within the minute.
    assertThat(hits.get()).isEqualTo(4 * 25);
  }
}
