package dev.kubeward.runtime.drift;

import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binary drift: the evidence used, and policies evaluated in order with alert as the default. */
class DriftEvaluatorTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final ImageFileIndex INDEX = (digest, image, path) -> image.endsWith("web:1.4")
      ? (List.of("/usr/sbin/nginx", "/bin/sh").contains(path) ? ImageFileIndex.Knowledge.IN_IMAGE
          : ImageFileIndex.Knowledge.NOT_IN_IMAGE)
      : ImageFileIndex.Knowledge.UNKNOWN;

  static RuntimeEvent upper(String exe) {
    RuntimeEvent e = exec("e", "web-7d4b9c6f5d-x2x9z", exe, "", T0);
    ProcessInfo p = e.process();
    return e.toBuilder().process(new ProcessInfo(p.pid(), p.executable(), p.name(), p.commandLine(), p.arguments(),
        p.cwd(), p.uid(), p.userName(), null, "", true, false, false, List.of(), List.of())).build();
  }

  @Test
  void imageIndexDecidesWhenItKnowsTheImage() {
    DriftEvaluator d = new DriftEvaluator(INDEX, List.of());
    assertThat(d.evaluate(exec("e", "web-7d4b9c6f5d-x2x9z", "/usr/sbin/nginx", "", T0)).drift()).isFalse();
    DriftVerdict v = d.evaluate(exec("e", "web-7d4b9c6f5d-x2x9z", "/tmp/x", "", T0));
    assertThat(v.drift()).isTrue();
    assertThat(v.alert()).isTrue();
    assertThat(v.reason()).contains("/tmp/x is not in the image registry.example.com/shop/web:1.4");
  }

  @Test
  void sensorSignalCountsEvenForFilesTheImageHas() {
    DriftVerdict v = new DriftEvaluator(INDEX, List.of()).evaluate(upper("/usr/sbin/nginx"));
    assertThat(v.drift()).isTrue();
    assertThat(v.reason()).contains("written after the container started");
  }

  @Test
  void withoutIndexOrSignalThereIsNoDrift() {
    assertThat(DriftEvaluator.sensorSignalsOnly().evaluate(exec("e", "web-7d4b9c6f5d-x2x9z", "/tmp/x", "", T0)).drift())
        .isFalse();
  }

  @Test
  void firstMatchingPolicyDecidesInOrder() {
    DriftPolicy allowPlugins = new DriftPolicy("p1", "plugins", DriftAction.ALLOW, List.of("prod"), List.of("shop"),
        new LabelSelector(Map.of("app", "web"), List.of()), List.of("registry.example.com/shop/*"),
        List.of("/opt/plugins/*"));
    DriftPolicy alertAllInShop = new DriftPolicy("p2", "all of shop", DriftAction.ALERT, List.of(), List.of("shop"),
        null, List.of(), List.of());
    DriftPolicy allowEverything = new DriftPolicy("p3", "everything", DriftAction.ALLOW, List.of(), List.of(), null,
        List.of(), List.of());
    DriftEvaluator d = new DriftEvaluator(INDEX, List.of(allowPlugins, alertAllInShop, allowEverything));
    DriftVerdict plugin = d.evaluate(upper("/opt/plugins/bin/run"));
    assertThat(plugin.alert()).isFalse();
    assertThat(plugin.policy()).get().extracting(DriftPolicy::id).isEqualTo("p1");
    DriftVerdict other = d.evaluate(upper("/tmp/x"));
    assertThat(other.alert()).isTrue();
    assertThat(other.policy()).get().extracting(DriftPolicy::id).isEqualTo("p2");
    assertThat(other.reason()).contains("drift policy 'all of shop' says alert");
  }

  @Test
  void labelSelectorsSupportExpressions() {
    LabelSelector s = new LabelSelector(Map.of(), List.of(new LabelSelector.Requirement("tier", "In", List.of("web")),
        new LabelSelector.Requirement("debug", "DoesNotExist", List.of())));
    assertThat(s.matches(Map.of("tier", "web"))).isTrue();
    assertThat(s.matches(Map.of("tier", "web", "debug", "1"))).isFalse();
    assertThat(s.matches(Map.of("tier", "db"))).isFalse();
  }
}
