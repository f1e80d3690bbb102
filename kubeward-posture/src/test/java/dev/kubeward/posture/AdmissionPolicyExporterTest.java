package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.posture.internal.CelEnvironment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every admission-capable rule exports a policy whose expressions compile in an admission CEL environment and that,
 * evaluated like the API server would on the rule's own fixtures, admits the pass fixtures and rejects the fail ones.
 */
class AdmissionPolicyExporterTest {
  final AdmissionPolicyExporter exporter = new AdmissionPolicyExporter(RuleSet.builtIn());

  @Test
  void mostRulesExportAndCrossObjectRulesDoNot() {
    List<AdmissionPolicy> all = exporter.exportAll(EnumSet.of(AdmissionPolicy.Action.DENY));
    assertThat(all.size()).isGreaterThan(100);
    assertThat(exporter.export("KW-NS-004", Set.of(AdmissionPolicy.Action.DENY))).as("needs related NetworkPolicies").isEmpty();
    assertThat(exporter.export("KW-NODE-001", Set.of(AdmissionPolicy.Action.DENY))).as("admission: false").isEmpty();
  }

  @Test
  void aPolicyAndItsBindingAreWrittenAsYaml() {
    AdmissionPolicy p = exporter.export("KW-PSS-001", EnumSet.of(AdmissionPolicy.Action.WARN, AdmissionPolicy.Action.AUDIT))
        .orElseThrow();
    String yaml = p.toYaml();
    assertThat(yaml).contains("kind: ValidatingAdmissionPolicy\n", "kind: ValidatingAdmissionPolicyBinding\n",
        "name: kubeward-kw-pss-001", "- Warn\n", "- Audit\n", "resources:\n", "- deployments",
        "variables.podSpec.?containers.orValue([]).exists(container, container.?securityContext.?privileged.orValue(false) == true)");
    assertThat(new ManifestLoader().parse(yaml, "policy.yaml").objects()).hasSize(2);
    assertThatThrownBy(() -> exporter.export("KW-PSS-001", EnumSet.of(AdmissionPolicy.Action.DENY, AdmissionPolicy.Action.WARN)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @TestFactory
  Stream<DynamicTest> exportedPoliciesJudgeTheRuleFixturesLikeTheRuleDoes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (AdmissionPolicy policy : exporter.exportAll(EnumSet.of(AdmissionPolicy.Action.DENY))) {
      Rule rule = RuleSet.builtIn().rule(policy.ruleId()).orElseThrow();
      tests.add(DynamicTest.dynamicTest(policy.ruleId(), () -> judge(rule, policy)));
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  private static void judge(Rule rule, AdmissionPolicy policy) throws Exception {
    Map<String, Object> spec = (Map<String, Object>) policy.policy().get("spec");
    List<Map<String, Object>> variables = (List<Map<String, Object>>) spec.get("variables");
    String validation = (String) ((List<Map<String, Object>>) spec.get("validations")).get(0).get("expression");
    CelEnvironment env = CelEnvironment.admission();
    CelRuntime.Program program = env.compile(validation, SimpleType.BOOL);
    Map<String, CelRuntime.Program> variablePrograms = new java.util.LinkedHashMap<>();
    for (Map<String, Object> v : variables) {
      variablePrograms.put((String) v.get("name"), env.compile((String) v.get("expression"), null));
    }
    for (String outcome : List.of("pass", "fail")) {
      boolean anyRejected = false;
      for (String text : BuiltInRuleFixturesTest.Fixtures.of(BuiltInRuleFixturesTest.FIXTURES, rule.id(), outcome).values()) {
        for (KubeObject o : new ManifestLoader().parse(text, "fixture.yaml").objects()) {
          if (!rule.kinds().contains(o.ref().kind())) {
            continue;
          }
          Map<String, Object> vars = new HashMap<>();
          vars.put("object", o.content());
          Map<String, Object> computed = new HashMap<>();
          vars.put("variables", computed);
          for (Map.Entry<String, CelRuntime.Program> v : variablePrograms.entrySet()) {
            computed.put(v.getKey(), v.getValue().eval(vars));
          }
          if (rule.id().equals("KW-IMG-005")) {
            computed.put("params", ObjectTree.normalize(Map.of("allowedRegistries", List.of("registry.example.com"))));
          }
          boolean admitted = (Boolean) program.eval(vars);
          if (outcome.equals("pass")) {
            assertThat(admitted).as(rule.id() + " admits " + o.ref().key()).isTrue();
          }
          anyRejected |= !admitted;
        }
      }
      if (outcome.equals("fail")) {
        assertThat(anyRejected).as(rule.id() + " rejects a fail fixture").isTrue();
      }
    }
  }
}
