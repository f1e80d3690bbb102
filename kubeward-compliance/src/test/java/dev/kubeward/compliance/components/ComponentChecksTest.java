package dev.kubeward.compliance.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The generic test of the component checks: every check has fixtures named by outcome ({@code pass*.yaml} must not
 * raise it, {@code fail*.yaml} must), each a kubeadm-shaped static pod or a configz response that goes through the same
 * {@link ComponentFacts} path as a live cluster's.
 */
class ComponentChecksTest {
  static final ComponentChecks CHECKS = ComponentChecks.builtIn();
  static final Map<String, String> FIXTURES =
      ClasspathFolder.read(ComponentChecks.FIXTURES, ComponentChecksTest.class.getClassLoader());

  @Test
  void everyCheckHasPassAndFailFixtures() {
    assertThat(CHECKS.rules().size()).isGreaterThan(50);
    for (Rule r : CHECKS.rules().rules()) {
      assertThat(FIXTURES.keySet()).as(r.id() + " pass fixture").anyMatch(p -> p.startsWith(r.id() + "/pass"));
      assertThat(FIXTURES.keySet()).as(r.id() + " fail fixture").anyMatch(p -> p.startsWith(r.id() + "/fail"));
    }
    assertThat(ComponentChecks.readIds()).as("ids read without compiling")
        .isEqualTo(CHECKS.rules().rules().stream().map(Rule::id).collect(java.util.stream.Collectors.toSet()));
    assertThat(FIXTURES.keySet()).as("fixtures of unknown checks")
        .allMatch(p -> CHECKS.contains(p.substring(0, p.indexOf('/'))));
  }

  @TestFactory
  Stream<DynamicTest> fixturesDecideAsTheirNamesSay() {
    List<DynamicTest> tests = new ArrayList<>();
    new TreeMap<>(FIXTURES).forEach((path, text) -> tests.add(DynamicTest.dynamicTest(path, () -> {
      String ruleId = path.substring(0, path.indexOf('/'));
      boolean shouldFail = path.substring(path.indexOf('/') + 1).startsWith("fail");
      Rule rule = CHECKS.rules().rule(ruleId).orElseThrow();
      ComponentFacts facts = facts(text);
      assertThat(facts.facts()).as("the fixture shows the component the check reads")
          .anyMatch(f -> rule.kinds().contains(f.kind().kind()));
      List<Finding> mine = CHECKS.evaluate(facts).findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
      assertThat(mine).as("rule errors").noneMatch(f -> f.outcome() == Finding.Outcome.RULE_ERROR);
      if (shouldFail) {
        assertThat(mine).as(path + " must fail " + ruleId).isNotEmpty();
        assertThat(mine.get(0).message()).doesNotContain("?");
      } else {
        assertThat(mine).as(path + " must pass " + ruleId).isEmpty();
      }
    })));
    return tests.stream();
  }

  @Test
  void failuresNameTheStaticPodOrTheNodeAndCarryTheirControls() {
    ComponentFacts facts = facts(FIXTURES.get("KW-CP-015/fail.yaml"));
    Finding f = CHECKS.evaluate(facts).findings().stream().filter(x -> x.ruleId().equals("KW-CP-015"))
        .findFirst().orElseThrow();
    assertThat(f.resource().key()).isEqualTo("Pod/kube-system/kube-apiserver-cp-1");
    assertThat(f.message()).isEqualTo("kube-apiserver on cp-1: --profiling is true (default)");
    assertThat(f.controls()).contains("cis-kubernetes:1.2.15");

    Finding k = CHECKS.evaluate(facts(FIXTURES.get("KW-KLT-004/fail.yaml"))).findings().stream()
        .filter(x -> x.ruleId().equals("KW-KLT-004")).findFirst().orElseThrow();
    assertThat(k.resource().key()).isEqualTo("Node/node-1");
    assertThat(k.message()).isEqualTo("kubelet on node-1 serves unauthenticated reads on port 10255");
    assertThat(k.controls()).contains("cis-kubernetes:4.2.4");
  }

  /** The facts of one fixture: pods go through the static-pod path, a configz response through the kubelet path. */
  @SuppressWarnings("unchecked")
  static ComponentFacts facts(String text) {
    ComponentFacts.Builder b = ComponentFacts.builder();
    List<KubeObject> pods = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      Map<String, Object> m = (Map<String, Object>) doc;
      if (m.containsKey("kubeletconfig")) {
        b.kubelet("node-1", dev.kubeward.inventory.ObjectTree.toJson(m));
      } else {
        pods.add(KubeObject.of(m, null));
      }
    }
    return b.staticPods(pods).build();
  }
}
