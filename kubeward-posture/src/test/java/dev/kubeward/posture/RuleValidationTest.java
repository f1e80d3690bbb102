package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.inventory.ManifestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom rules: loaded from folders or text, and rejected with messages naming the file, the rule and the problem. */
class RuleValidationTest {
  @TempDir Path dir;

  static final String GOOD = """
      id: ACME-CTR-001
      title: Container image comes from the ACME registry
      severity: Medium
      category: ACME policy
      target: container
      condition: "!container.image.startsWith('registry.acme.example/')"
      message: "container '{{container.name}}' uses {{container.image}}"
      remediation: Push the image to registry.acme.example.
      """;

  @Test
  void aValidCustomRuleLoadsAndRunsNextToTheBuiltInOnes() throws IOException {
    Files.writeString(dir.resolve("acme.yaml"), GOOD);
    RuleSet rules = RuleSet.builder().addBuiltIn().addPath(dir).build();
    assertThat(rules.size()).isEqualTo(RuleSet.builtIn().size() + 1);
    assertThat(RuleSet.validate(GOOD, "posted")).isEmpty();
    var set = new ManifestLoader().parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\n"
        + "spec: {containers: [{name: app, image: 'docker.io/nginx:1'}]}\n", "pod.yaml");
    ScanReport report = new PostureEngine(rules.only(List.of("ACME-CTR-001"))).scan(set.toInventory());
    assertThat(report.findings()).singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("container 'app' uses docker.io/nginx:1"));
  }

  @Test
  void celProblemsNameTheFileTheRuleAndTheExpression() throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), GOOD.replace("!container.image.startsWith('registry.acme.example/')",
        "container.image.startsWith(")); 
    assertThatThrownBy(() -> RuleSet.builder().addPath(dir).build())
        .isInstanceOf(RuleValidationException.class)
        .satisfies(e -> assertThat(((RuleValidationException) e).problems()).singleElement().satisfies(p -> {
          assertThat(p.source()).endsWith("broken.yaml");
          assertThat(p.ruleId()).isEqualTo("ACME-CTR-001");
          assertThat(p.message()).startsWith("condition does not compile:").contains("ERROR");
        }));
  }

  @Test
  void everyKindOfMistakeIsReportedAtOnce() {
    List<RuleProblem> problems = RuleSet.validate("""
        id: acme 1
        title: ""
        severity: Critical
        target: pods
        condition: "object.spec.replicas"
        message: "{{ object. }}"
        remediation: fix it
        colour: blue
        """, "posted.yaml");
    assertThat(problems).extracting(RuleProblem::message).contains(
        "unknown field 'colour'", "id 'acme 1' must look like KW-CTR-001 (upper-case words joined by '-')",
        "missing field 'title'", "severity must be High, Medium or Low, not Critical");
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).startsWith("unknown target 'pods'"));
    assertThat(RuleSet.validate("id: ACME-X-001\ntitle: t\nseverity: Low\ntarget: namespace\n"
        + "condition: \"'prefix-' + object.metadata.name\"\nmessage: m\nremediation: r\n", "typed.yaml"))
        .singleElement().satisfies(p -> assertThat(p.message()).contains("expected bool"));
    assertThat(RuleSet.validate("not: [valid", "bad.yaml")).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("invalid YAML"));
    assertThat(RuleSet.validate("", "empty.yaml")).extracting(RuleProblem::message).containsExactly("no rules found");
  }

  @Test
  void duplicateIdsAreRefused() {
    assertThatThrownBy(() -> RuleSet.builder().addBuiltIn().addYaml(GOOD.replace("ACME-CTR-001", "KW-PSS-001"), "dup.yaml").build())
        .isInstanceOf(RuleValidationException.class).hasMessageContaining("duplicate rule id");
  }

  @Test
  void theBuiltInRulesReadWithoutCompilingAreTheCompiledOnes() {
    // The server lists rules and their parameters from the uncompiled read; it must be the same rules, field for field.
    assertThat(RuleSet.builtInRules()).isNotEmpty().containsExactlyElementsOf(RuleSet.builtIn().rules());
  }
}
