package dev.kubeward.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.EffectiveSettingsResolver;
import dev.kubeward.server.settings.ProtectionSettings;
import dev.kubeward.server.settings.SettingsRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The time budget and the documented fallbacks: fail-open allows with a warning, fail-closed denies saying why. */
class AdmissionServiceTest {
  static final AdmissionRequest REQUEST = new AdmissionRequest("uid-1", "Deployment", "shop", "web", "CREATE", false,
      Map.of(), List.of("registry.example/web@sha256:" + "a".repeat(64)));

  final List<AdmissionDecision> recorded = new CopyOnWriteArrayList<>();
  volatile long sleepMillis;
  volatile RuntimeException failure;

  AdmissionService service(String onTimeout) {
    SettingsRegistry registry = new SettingsRegistry(List.of(new ProtectionSettings(), new AdmissionSettings()));
    EffectiveSettings settings = EffectiveSettingsResolver.resolve("c1", "w1", registry, Map.of(),
        Map.of(AdmissionSettings.BUDGET, 50L, AdmissionSettings.ON_TIMEOUT, onTimeout));
    return new AdmissionService(id -> settings, (id, s, r) -> {
      if (failure != null) {
        throw failure;
      }
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return AdmissionDecision.allow("enforce");
    }, (id, r, d, at) -> recorded.add(d), Clock.systemUTC());
  }

  @Test
  void pastTheBudgetFailOpenAllowsWithAWarningAndIsRecorded() throws Exception {
    AdmissionService service = service("failOpen");
    assertThat(service.decide("c1", REQUEST).allowed()).as("learns the cluster's budget").isTrue();
    sleepMillis = 2_000;
    long start = System.nanoTime();
    AdmissionDecision d = service.decide("c1", REQUEST);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).as("answered at the 50 ms budget, not after the 2 s evaluation").isLessThan(1_000);
    assertThat(d.allowed()).isTrue();
    assertThat(d.warnings()).containsExactly("Kubeward could not decide (no decision within 50 ms); allowed (fail-open)");
    assertThat(d.fallback()).isEqualTo("no decision within 50 ms");
    service.flushRecords();
    assertThat(recorded).containsExactly(d);
  }

  @Test
  void pastTheBudgetFailClosedDeniesSayingWhy() throws Exception {
    AdmissionService service = service("failClosed");
    service.decide("c1", REQUEST);
    sleepMillis = 2_000;
    AdmissionDecision d = service.decide("c1", REQUEST);
    assertThat(d.allowed()).isFalse();
    assertThat(d.denyReasons()).containsExactly("Kubeward could not decide (no decision within 50 ms); denied (fail-closed)");
  }

  @Test
  void anEvaluationThatFailsGetsTheFallbackToo() {
    AdmissionService service = service("failClosed");
    service.decide("c1", REQUEST);
    failure = new IllegalStateException("database gone");
    AdmissionDecision d = service.decide("c1", REQUEST);
    assertThat(d.allowed()).isFalse();
    assertThat(d.denyReasons()).containsExactly("Kubeward could not decide (evaluation failed); denied (fail-closed)");
  }
}
