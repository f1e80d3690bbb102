package dev.kubeward.compliance.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.compliance.components.internal.CommandFlags;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.NotEvaluated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags and configz as the checks see them, including broken and hostile input. */
class ComponentFactsTest {
  static KubeObject pod(String namespace, Map<String, Object> labels, List<String> command) {
    return KubeObject.of(Map.of("apiVersion", "v1", "kind", "Pod",
        "metadata", Map.of("name", "kube-apiserver-cp-1", "namespace", namespace, "labels", labels),
        "spec", Map.of("nodeName", "cp-1", "containers", List.of(Map.of("name", "kube-apiserver",
            "image", "registry.k8s.io/kube-apiserver:v1.31.2", "command", command)))), null);
  }

  @Test
  void flagsAreReadLikeTheComponentsFlagParserReadsThem() {
    assertThat(CommandFlags.parse(List.of("kube-apiserver", "--a=b", "--c", "d", "--bool", "-v=2", "--e=x=y",
        "--a=last", "--=ignored", "--", "positional", "--empty=")))
        .containsExactly(Map.entry("a", "last"), Map.entry("c", "d"), Map.entry("bool", "true"), Map.entry("v", "2"),
            Map.entry("e", "x=y"), Map.entry("empty", ""));
    List<String> huge = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      huge.add("--flag-" + i + "=x");
    }
    assertThat(CommandFlags.parse(huge)).hasSize(1000);
  }

  @Test
  void onlyStaticControlPlanePodsInKubeSystemCount() {
    Map<String, Object> kubeadm = Map.of("component", "kube-apiserver", "tier", "control-plane");
    ComponentFacts facts = ComponentFacts.builder().staticPods(List.of(
        // a look-alike in another namespace, and one without the static-pod marks, must not stand in for the API server
        pod("default", kubeadm, List.of("kube-apiserver", "--anonymous-auth=false")),
        pod("kube-system", Map.of("component", "kube-apiserver"), List.of("kube-apiserver")))).build();
    assertThat(facts.facts()).isEmpty();
    assertThat(facts.notEvaluated()).containsOnlyKeys("KubeAPIServer", "KubeControllerManager", "KubeScheduler", "Etcd",
        "KubeletConfiguration");
    assertThat(facts.notEvaluated().values()).allMatch(n -> n.reason() == NotEvaluated.Reason.DATA_MISSING);

    ComponentFacts real = ComponentFacts.builder()
        .staticPods(List.of(pod("kube-system", kubeadm, List.of("kube-apiserver", "--profiling=false"))))
        .kubeletNotRead(new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF, "off")).build();
    assertThat(real.facts()).singleElement().satisfies(f -> {
      assertThat(f.reportedOn().key()).isEqualTo("Pod/kube-system/kube-apiserver-cp-1");
      assertThat(f.object().content()).extractingByKey("spec").asString().contains("profiling=false", "node=cp-1");
    });
    assertThat(real.notEvaluated().get("KubeletConfiguration").reason()).isEqualTo(NotEvaluated.Reason.COMPONENT_OFF);
  }

  @Test
  void unreadablePodsMakeEveryControlPlaneComponentNotEvaluatedWithTheReason() {
    ComponentFacts facts = ComponentFacts.builder()
        .staticPodsUnreadable(new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "403 listing pods")).build();
    assertThat(facts.notEvaluated().get("Etcd"))
        .isEqualTo(new NotEvaluated(NotEvaluated.Reason.FORBIDDEN,
            "Pods in kube-system could not be read, so the etcd flags are unknown: 403 listing pods"));
  }

  @Test
  void brokenOrHostileConfigzIsAFailureToReadTheNodeNeverAConfiguration() {
    StringBuilder deep = new StringBuilder("{\"kubeletconfig\": ");
    for (int i = 0; i < 500; i++) {
      deep.append("{\"a\": ");
    }
    deep.append("1").append("}".repeat(501));
    Map<String, String> inputs = Map.of(
        "empty", "",
        "text", "<html>503</html>",
        "array", "[{\"kubeletconfig\": {}}]",
        "wrong", "{\"kubeletconfig\": \"readOnlyPort: 0\"}",
        "deep", deep.toString(),
        "huge", "{\"kubeletconfig\": {\"x\": \"" + "a".repeat(ComponentFacts.MAX_CONFIGZ_CHARS) + "\"}}");
    ComponentFacts.Builder b = ComponentFacts.builder().staticPods(List.of());
    inputs.forEach(b::kubelet);
    ComponentFacts facts = b.build();
    assertThat(facts.facts()).isEmpty();
    NotEvaluated why = facts.notEvaluated().get("KubeletConfiguration");
    assertThat(why.reason()).isEqualTo(NotEvaluated.Reason.ERROR);
    assertThat(why.detail()).startsWith("configz could not be read on 6 of 6 nodes: array: error (configz response has"
        + " no 'kubeletconfig' object); deep: error (configz response is not JSON");
  }
}
