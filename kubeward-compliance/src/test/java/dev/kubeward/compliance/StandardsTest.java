package dev.kubeward.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Control;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.ControlMapping;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped standards load and cover the rules; the validator names every problem of a bad file. */
class StandardsTest {
  /** The posture rules and the component checks: both kinds of rule a standard may name. */
  static final Set<String> RULES = java.util.stream.Stream.concat(RuleSet.builtIn().rules().stream(),
      dev.kubeward.compliance.components.ComponentChecks.builtIn().rules().rules().stream())
      .map(Rule::id).collect(Collectors.toSet());

  @Test
  void everyShippedStandardLoadsAndNamesOnlyExistingRules() {
    Standards all = Standards.builtIn();
    assertThat(all.ids()).containsExactly("cis-kubernetes", "mitre-attack-containers", "nsa-cisa", "pss-baseline",
        "pss-restricted");
    for (Standard s : all.all()) {
      assertThat(all.isBuiltIn(s.id())).isTrue();
      assertThat(s.controls()).as(s.id()).isNotEmpty();
      for (Control c : s.controls()) {
        assertThat(RULES).as(s.id() + ":" + c.id() + " rules").containsAll(c.ruleIds());
        assertThat(c.automated() ? !c.ruleIds().isEmpty() : !c.audit().isEmpty())
            .as(s.id() + ":" + c.id() + " has rules when automated, audit steps when manual").isTrue();
        assertThat(s.sections()).as(s.id() + ":" + c.id() + " section")
            .anyMatch(sec -> sec.id().equals(c.section()));
      }
    }
  }

  @Test
  void podSecurityStandardsUseExactlyTheControlIdsOfTheIssue() {
    List<String> baseline = List.of("host-process", "host-namespaces", "privileged-containers", "capabilities",
        "hostpath-volumes", "host-ports", "host-probes-lifecycle-hooks", "apparmor", "selinux", "proc-mount-type",
        "seccomp", "sysctls");
    assertThat(ids("pss-baseline")).containsExactlyElementsOf(baseline);
    List<String> restricted = new java.util.ArrayList<>(baseline);
    restricted.addAll(List.of("volume-types", "privilege-escalation", "running-as-non-root", "running-as-non-root-user"));
    assertThat(ids("pss-restricted")).containsExactlyElementsOf(restricted);
    Standard r = Standards.builtIn().get("pss-restricted").orElseThrow();
    assertThat(r.control("seccomp").orElseThrow().ruleIds()).contains("KW-PSS-014", "KW-PSS-020");
    assertThat(r.control("capabilities").orElseThrow().ruleIds()).contains("KW-PSS-007", "KW-PSS-021", "KW-PSS-022");
    assertThat(Standards.builtIn().get("pss-baseline").orElseThrow().control("seccomp").orElseThrow().ruleIds())
        .containsExactly("KW-PSS-014");
  }

  @Test
  void cisHasAllFiveSectionsWithPoliciesAndComponentSettingsAutomatedAndHostFilesManual() {
    Standard cis = Standards.builtIn().get("cis-kubernetes").orElseThrow();
    assertThat(cis.controls().stream().map(c -> c.id().substring(0, 1)).distinct())
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(cis.controls()).hasSizeGreaterThan(120);
    assertThat(cis.controls().stream().filter(c -> c.id().startsWith("5.2.")).allMatch(Control::automated)).isTrue();
    // flags and kubelet settings are decided by the component checks, keeping the audit steps for a manual look
    assertThat(cis.control("1.2.1").orElseThrow().ruleIds()).containsExactly("KW-CP-001");
    assertThat(cis.control("2.2").orElseThrow().ruleIds()).containsExactly("KW-ETCD-002");
    assertThat(cis.control("4.2.1").orElseThrow().ruleIds()).containsExactly("KW-KLT-001");
    assertThat(cis.control("4.2.1").orElseThrow().audit()).contains("configz");
    // what the API never shows stays manual: files on the hosts, settings kept in files
    assertThat(cis.controls().stream().filter(c -> c.section().equals("1.1") || c.section().equals("4.1")))
        .noneMatch(Control::automated);
    assertThat(cis.control("1.2.28").orElseThrow().automated()).isFalse();
    assertThat(cis.control("4.2.7").orElseThrow().automated()).isFalse();
  }

  @Test
  void everyBuiltInRuleIsMappedOrExplicitlyUnmapped() {
    ControlMapping mapping = new StandardsControlMapping();
    Map<String, String> unmapped = UnmappedRules.builtIn();
    Set<String> missing = new TreeSet<>();
    for (String rule : RULES) {
      boolean mapped = !mapping.controlsFor(rule).isEmpty();
      if (!mapped && !unmapped.containsKey(rule)) {
        missing.add(rule);
      }
      if (mapped) {
        assertThat(unmapped).as(rule + " is mapped, so it must not be on the unmapped list").doesNotContainKey(rule);
      }
    }
    assertThat(missing).as("rules neither mapped nor on unmapped-rules.yaml").isEmpty();
    assertThat(RULES).as("unmapped list names existing rules").containsAll(unmapped.keySet());
    assertThat(unmapped.values()).allMatch(reason -> reason.length() > 10);
  }

  @Test
  void theEngineFindsTheMappingThroughServiceLoaderAndFindingsCarryControls() {
    assertThat(ControlMapping.installed()).isInstanceOf(StandardsControlMapping.class);
    assertThat(EngineOptions.defaults().controls().controlsFor("KW-PSS-001"))
        .contains("pss-baseline:privileged-containers", "pss-restricted:privileged-containers", "cis-kubernetes:5.2.2");
  }

  @Test
  void unknownRuleAndDuplicateControlAreClearErrors() {
    String yaml = """
        id: team-policy
        name: Team policy
        sections: [{id: s, title: S}]
        controls:
        - {id: c1, title: One, section: s, rules: [KW-PSS-001, KW-NOPE-999]}
        - {id: c1, title: Again, section: s, rules: [KW-PSS-002]}
        - {id: c2, title: Two, section: elsewhere, automated: false}
        """;
    List<StandardProblem> problems = Standards.validate(yaml, "team.yaml", RULES::contains);
    assertThat(problems).extracting(StandardProblem::describe).containsExactly(
        "team.yaml: control 'c1': rule 'KW-NOPE-999' does not exist",
        "team.yaml: control 'c1': duplicate control id 'c1' (controls #1 and #2)",
        "team.yaml: control 'c2': section 'elsewhere' is not declared in 'sections'",
        "team.yaml: control 'c2': a manual control needs 'audit' steps");
    assertThatThrownBy(() -> Standards.builder(RuleSet.builtIn()).addYaml(yaml, "team.yaml").build())
        .isInstanceOf(StandardValidationException.class)
        .hasMessageContaining("rule 'KW-NOPE-999' does not exist")
        .satisfies(e -> assertThat(((StandardValidationException) e).problems()).hasSize(4));
  }

  @Test
  void malformedAndHostileInputIsRejectedWithAReason() {
    assertThat(problems("")).containsExactly("x: the standard is empty");
    assertThat(problems("- a\n- b\n")).singleElement().asString().contains("must be a YAML mapping");
    assertThat(problems("id: [unclosed\n")).singleElement().asString().contains("not valid YAML at line");
    assertThat(problems("id: a\nid: b\nname: n\ncontrols: []\n")).singleElement().asString().contains("not valid YAML");
    String laughs = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
    assertThat(problems(laughs)).singleElement().asString().contains("not valid YAML");
    assertThat(problems("x".repeat(3 * 1024 * 1024))).singleElement().asString().contains("larger than");
    assertThat(problems("id: Bad Id\nname: n\ncontrols: [{id: c, title: t, rules: KW-PSS-001}]\nextra: 1\n"))
        .contains("x: unknown field 'extra' (allowed: controls, description, id, name, sections, techniqueControls, version)",
            "x: id 'Bad Id' must be lower-case kebab-case (a-z, 0-9, -)",
            "x: control 'c': 'rules' must be a list of rule ids");
    assertThat(problems("id: a\nname: n\ncontrols: [{id: c, title: t, automated: true}]\n"))
        .containsExactly("x: control 'c': an automated control needs at least one rule in 'rules'");
    assertThat(problems("id: a\nname: n\ncontrols: [{id: c, title: t, automated: false, rules: [KW-PSS-001], audit: a}]\n"))
        .singleElement().asString().contains("a manual control names no rules");
  }

  @Test
  void customStandardsComeFromAFolderAndMayNotReuseAnId(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("team.yaml"), """
        id: team-policy
        name: Team policy
        controls:
        - {id: no-privileged, title: No privileged pods, rules: [KW-PSS-001]}
        - {id: review, title: Quarterly review, automated: false, audit: Ask the platform team.}
        """);
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    Standards s = Standards.builder(RuleSet.builtIn()).addBuiltIn().addPath(dir).build();
    assertThat(s.ids()).endsWith("team-policy");
    assertThat(s.isBuiltIn("team-policy")).isFalse();
    assertThat(new StandardsControlMapping(s).controlsFor("KW-PSS-001")).contains("team-policy:no-privileged");

    Files.writeString(dir.resolve("clash.yaml"), "id: pss-baseline\nname: Mine\ncontrols: [{id: a, title: A, rules: [KW-PSS-001]}]\n");
    assertThatThrownBy(() -> Standards.builder(RuleSet.builtIn()).addBuiltIn().addPath(dir).build())
        .hasMessageContaining("standard id 'pss-baseline' is already defined by builtin:pss-baseline.yaml");
  }

  private static List<String> problems(String yaml) {
    return Standards.validate(yaml, "x", RULES::contains).stream().map(StandardProblem::describe).toList();
  }

  private static List<String> ids(String standard) {
    return Standards.builtIn().get(standard).orElseThrow().controls().stream().map(Control::id).toList();
  }
}
