package dev.kubeward.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.ControlRef;
import dev.kubeward.model.DetectionTechniques;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.Severity;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.ControlMapping;
import dev.kubeward.posture.RuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ATT&CK technique controls decided by rules and runtime detections together: the detections come from the runtime
 * engine's own technique ids (through ServiceLoader), a technique fails on an open alert, and passes only with its
 * detections on and a sensor reporting.
 */
class TechniqueControlsTest {
  static final Instant AT = Instant.parse("2026-11-29T08:00:00Z");
  static final Standard MITRE = Standards.builtIn().get("mitre-attack-containers").orElseThrow();
  static final ComplianceAssessor ASSESSOR = new ComplianceAssessor(RuleSet.builtIn());
  static final RuntimeCoverage REPORTING = new RuntimeCoverage(Optional.empty(), Set.of(), Map.of());

  static ControlResult control(RuntimeCoverage runtime, String id) {
    return ASSESSOR.assess(MITRE, ComplianceAssessor.index(List.of(), null, runtime), Map.of(), AT).control(id)
        .orElseThrow();
  }

  @Test
  void detectionsMapToTheirTechniqueOrItsParentThroughServiceLoader() {
    Map<String, String> techniques = DetectionTechniques.installed();
    assertThat(techniques).containsEntry("k8s-privileged-pod", "T1611")
        .containsEntry("proc-history-tampering", "T1070.003");
    TechniqueDetections td = TechniqueDetections.installed();
    assertThat(td.detectionsFor(MITRE, MITRE.control("T1611").orElseThrow()))
        .contains("k8s-privileged-pod", "k8s-host-namespace-pod", "k8s-host-root-mount");
    // a sub-technique without its own control counts for its parent technique
    assertThat(td.detectionsFor(MITRE, MITRE.control("T1070").orElseThrow())).contains("proc-history-tampering");
    // standards of other controls are untouched
    Standard cis = Standards.builtIn().get("cis-kubernetes").orElseThrow();
    assertThat(td.detectionsFor(cis, cis.controls().get(0))).isEmpty();
    // the engine's control mapping carries detections too, so alerts can name their controls like findings
    assertThat(ControlMapping.installed().controlsFor("k8s-privileged-pod"))
        .contains("mitre-attack-containers:T1611");
    long mapped = techniques.keySet().stream().filter(d -> !ControlMapping.installed().controlsFor(d).isEmpty()).count();
    assertThat(mapped).as("detections mapped to a technique control").isGreaterThan(25);
    assertThat(ControlMapping.installed().controlsFor("k8s-privileged-pod")).allMatch(r -> ControlRef.parse(r) != null);
  }

  @Test
  void anOpenAlertFailsTheTechniqueNamingTheAlertAndItsResource() {
    FailingRule alert = new FailingRule("k8s-privileged-pod", "Privileged pod created", Severity.HIGH,
        "Delete the pod and find who created it.",
        List.of(new FailingResource(new ResourceRef("v1", "Pod", "shop", "debug"), "", "privileged pod created")));
    ControlResult r = control(new RuntimeCoverage(Optional.empty(), Set.of(), Map.of("k8s-privileged-pod", alert)),
        "T1611");
    assertThat(r.status()).isEqualTo(ControlStatus.FAILED);
    assertThat(r.failing()).extracting(FailingRule::ruleId).contains("k8s-privileged-pod");
    assertThat(r.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void passedOnlyWithASensorReportingAndEveryDetectionOn() {
    assertThat(control(REPORTING, "T1611").status()).isEqualTo(ControlStatus.PASSED);

    ControlResult silent = control(new RuntimeCoverage(Optional.of(new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
        "no sensor has posted events yet")), Set.of(), Map.of()), "T1611");
    assertThat(silent.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(silent.notEvaluated().orElseThrow().detail())
        .isEqualTo("no runtime sensor reporting: no sensor has posted events yet");

    ControlResult off = control(new RuntimeCoverage(Optional.empty(), Set.of("k8s-privileged-pod"), Map.of()), "T1611");
    assertThat(off.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(off.notEvaluated().orElseThrow().detail()).isEqualTo("detection k8s-privileged-pod is disabled for the"
        + " cluster");

    ControlResult offline = control(null, "T1611");
    assertThat(offline.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(offline.notEvaluated().orElseThrow().detail()).contains("not of this scan");
    // a technique no detection covers is still decided by its rules alone
    assertThat(TechniqueDetections.installed().detectionsFor(MITRE, MITRE.control("T1190").orElseThrow())).isEmpty();
    assertThat(control(null, "T1190").status()).isEqualTo(ControlStatus.PASSED);
  }

  @Test
  void techniqueControlsMustBeABoolean() {
    assertThat(Standards.validate("id: x\nname: X\ntechniqueControls: sometimes\ncontrols: [{id: a, title: A, rules:"
        + " [KW-PSS-001]}]\n", "x.yaml", id -> true)).extracting(StandardProblem::message)
        .containsExactly("'techniqueControls' must be true or false");
  }
}
