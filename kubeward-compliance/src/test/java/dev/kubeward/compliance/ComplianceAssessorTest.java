package dev.kubeward.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.Severity;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import dev.kubeward.compliance.report.ComplianceCsv;
import dev.kubeward.compliance.report.ComplianceJson;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Control status rules: failed beats everything, not evaluated is never a pass, manual is never counted. */
class ComplianceAssessorTest {
  static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
  static final Standard TEAM = Standards.builder(RuleSet.builtIn()).addYaml("""
      id: team
      name: Team
      sections: [{id: s, title: Section}]
      controls:
      - {id: priv, title: No privileged, section: s, rules: [KW-PSS-001]}
      - {id: rbac, title: No cluster-admin, section: s, rules: [KW-RBAC-001]}
      - {id: ns, title: Host namespaces, section: s, rules: [KW-PSS-002, KW-PSS-004]}
      - {id: review, title: Review, section: s, automated: false, audit: Ask.}
      """, "team.yaml").build().get("team").orElseThrow();

  static final String PRIVILEGED = """
      apiVersion: v1
      kind: Pod
      metadata: {name: "<b>web</b>", namespace: shop}
      spec:
        containers:
        - name: app
          image: registry.example.com/app:1.0
          securityContext: {privileged: true}
      """;

  @Test
  void failedPassedManualAndScore() {
    Inventory inv = new ManifestLoader().parse(PRIVILEGED, "p.yaml").toInventory();
    ScanReport report = new PostureEngine(RuleSet.builtIn()).scan(inv);
    ComplianceResult r = new ComplianceAssessor(RuleSet.builtIn()).assess(TEAM, report.findings(), report.notEvaluated(), AT);
    assertThat(r.controls()).extracting(c -> c.status()).containsExactly(ControlStatus.FAILED, ControlStatus.PASSED,
        ControlStatus.PASSED, ControlStatus.MANUAL);
    ControlResult priv = r.control("priv").orElseThrow();
    assertThat(priv.severity()).isEqualTo(Severity.HIGH);
    assertThat(priv.failing()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("KW-PSS-001");
      assertThat(f.remediation()).isNotEmpty();
      assertThat(f.resources()).extracting(x -> x.resource().key() + "|" + x.container())
          .containsExactly("Pod/shop/<b>web</b>|app");
    });
    assertThat(r.summary()).isEqualTo(new ComplianceSummary(2, 1, 1, 0));
    assertThat(r.summary().score().getAsDouble()).isEqualTo(66.6);
    assertThat(r.failing()).extracting(c -> c.control().id()).containsExactly("priv");
  }

  @Test
  void notEvaluatedHasAReasonAndIsNeverCountedAsPassed() {
    ComplianceAssessor onlySome = new ComplianceAssessor(RuleSet.builtIn().only(Set.of("KW-PSS-001", "KW-PSS-002",
        "KW-PSS-004")));
    Finding error = new Finding("KW-PSS-002", "t", Severity.HIGH, "c", new ResourceRef("v1", "Pod", "a", "b"), "",
        "no such key", "", List.of(), Optional.empty(), Finding.Outcome.RULE_ERROR);
    ComplianceResult r = onlySome.assess(TEAM, List.of(error),
        Map.of("ClusterRoleBinding", new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "403")), AT);
    assertThat(r.control("priv").orElseThrow().status()).isEqualTo(ControlStatus.PASSED);
    ControlResult rbac = r.control("rbac").orElseThrow();
    assertThat(rbac.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(rbac.notEvaluated().orElseThrow().reason()).isEqualTo(NotEvaluated.Reason.COMPONENT_OFF);
    ControlResult ns = r.control("ns").orElseThrow();
    assertThat(ns.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(ns.notEvaluated().orElseThrow().reason()).isEqualTo(NotEvaluated.Reason.ERROR);
    assertThat(ns.notEvaluated().orElseThrow().detail()).contains("KW-PSS-002", "Pod/a/b");
    assertThat(r.summary()).isEqualTo(new ComplianceSummary(1, 0, 1, 2));
    assertThat(r.summary().score().getAsDouble()).as("not evaluated lowers the score").isEqualTo(33.3);

    ComplianceResult forbidden = new ComplianceAssessor(RuleSet.builtIn()).assess(TEAM, List.of(),
        Map.of("ClusterRoleBinding", new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "403")), AT);
    assertThat(forbidden.control("rbac").orElseThrow().notEvaluated().orElseThrow().reason())
        .isEqualTo(NotEvaluated.Reason.FORBIDDEN);
  }

  @Test
  void componentControlsAreNotEvaluatedWithoutComponentFactsAndFailOnlyWhereACheckFails() {
    Standard cp = Standards.builder(RuleSet.builtIn()).addYaml("""
        id: cp
        name: Control plane
        controls:
        - {id: anonymous, title: No anonymous API requests, rules: [KW-CP-001]}
        - {id: kubelet-anonymous, title: No anonymous kubelet requests, rules: [KW-KLT-001]}
        - {id: mixed, title: Both, rules: [KW-PSS-001, KW-CP-015]}
        """, "cp.yaml").build().get("cp").orElseThrow();
    ComplianceAssessor assessor = new ComplianceAssessor(RuleSet.builtIn());
    // an offline scan collects no component facts: never a pass
    ComplianceResult offline = assessor.assess(cp, List.of(), Map.of(), AT);
    assertThat(offline.controls()).allMatch(c -> c.status() == ControlStatus.NOT_EVALUATED);
    assertThat(offline.control("anonymous").orElseThrow().notEvaluated().orElseThrow().detail())
        .isEqualTo("control-plane and kubelet settings are read from a live cluster; this scan did not collect them"
            + " (check KW-CP-001)");

    var facts = dev.kubeward.compliance.components.ComponentFacts.builder().staticPods(List.of(
        dev.kubeward.inventory.KubeObject.of(Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of(
            "name", "kube-apiserver-cp-1", "namespace", "kube-system",
            "labels", Map.of("component", "kube-apiserver", "tier", "control-plane")),
            "spec", Map.of("containers", List.of(Map.of("name", "kube-apiserver",
                "command", List.of("kube-apiserver", "--anonymous-auth=false"))))), null)))
        .kubeletNotRead(new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF, "reading kubelet configuration is off"))
        .build();
    var report = dev.kubeward.compliance.components.ComponentChecks.builtIn().evaluate(facts);
    ComplianceResult live = assessor.assess(cp, ComplianceAssessor.index(List.of(), report), Map.of(), AT);
    assertThat(live.control("anonymous").orElseThrow().status()).isEqualTo(ControlStatus.PASSED);
    ControlResult kubelet = live.control("kubelet-anonymous").orElseThrow();
    assertThat(kubelet.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(kubelet.notEvaluated().orElseThrow().reason()).isEqualTo(NotEvaluated.Reason.COMPONENT_OFF);
    // profiling is on by default: the component check fails next to the posture rule that passes
    ControlResult mixed = live.control("mixed").orElseThrow();
    assertThat(mixed.status()).isEqualTo(ControlStatus.FAILED);
    assertThat(mixed.failing()).extracting(FailingRule::ruleId).containsExactly("KW-CP-015");
  }

  @Test
  void aStandardWithOnlyManualControlsHasNoScore() {
    Standard manual = Standards.builder(RuleSet.builtIn()).addYaml(
        "id: m\nname: M\ncontrols: [{id: a, title: A, automated: false, audit: Look.}]\n", "m").build().get("m")
        .orElseThrow();
    ComplianceResult r = new ComplianceAssessor(RuleSet.builtIn()).assess(manual, List.of(), Map.of(), AT);
    assertThat(r.summary().score()).isEmpty();
    assertThat(ComplianceJson.toJson(r).get("summary").get("score").isNull()).isTrue();
  }

  @Test
  void jsonAndCsvListEveryControlWithStatusRulesResourcesAndTime() {
    Inventory inv = new ManifestLoader().parse(PRIVILEGED.replace("app:1.0", "=cmd|' /C calc'!A0"), "p.yaml")
        .toInventory();
    ScanReport report = new PostureEngine(RuleSet.builtIn()).scan(inv);
    ComplianceResult r = new ComplianceAssessor(RuleSet.builtIn()).assess(TEAM, report.findings(), report.notEvaluated(), AT);
    var json = ComplianceJson.toJson(r);
    assertThat(json.get("controls")).hasSize(4);
    assertThat(json.at("/controls/0/failing/0/resources/0/name").asText()).isEqualTo("<b>web</b>");
    assertThat(json.at("/controls/3/audit").asText()).isEqualTo("Ask.");
    StringWriter csv = new StringWriter();
    ComplianceCsv.write(r, csv);
    String[] lines = csv.toString().split("\r\n");
    assertThat(lines[0]).startsWith("standard,control,title");
    assertThat(lines).hasSize(5);
    assertThat(List.of(lines).subList(1, 5)).allMatch(l -> l.endsWith("2026-01-02T03:04:05Z"));
    assertThat(lines[1]).startsWith("team,priv,No privileged,s,failed,,KW-PSS-001,KW-PSS-001,High,Pod,shop,<b>web</b>,app,");
    assertThat(ComplianceCsvCell.cell("=1+1")).isEqualTo("'=1+1");
  }

  /** Exposes the package-private cell escaping to this test. */
  static final class ComplianceCsvCell {
    static String cell(String v) {
      StringWriter w = new StringWriter();
      try {
        ComplianceCsv.row(w, List.of(v));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      return w.toString().strip();
    }
  }
}
