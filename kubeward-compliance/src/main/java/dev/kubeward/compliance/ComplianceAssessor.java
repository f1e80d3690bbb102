package dev.kubeward.compliance;

import dev.kubeward.compliance.components.ComponentChecks;
import dev.kubeward.compliance.components.ComponentReport;
import dev.kubeward.model.Control;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides each control of a standard from the findings of one posture scan. A control
 * <ul>
 *   <li>is <b>manual</b> when it is not automated;</li>
 *   <li><b>fails</b> when any of its rules fails on any resource in scope;</li>
 *   <li>is <b>not evaluated</b> when, without a failure, one of its rules was not run (disabled, or unknown to the
 *       engine), raised a rule error, or looks at kinds the scan could not read — never a pass; for the component
 *       checks (control-plane flags, kubelet configuration) also when the component could not be seen, or when the
 *       scan did not collect component facts at all;</li>
 *   <li><b>passes</b> otherwise.</li>
 * </ul>
 * The assessor is stateless and cheap: the server re-assesses whenever findings change.
 */
public final class ComplianceAssessor {
  private final RuleSet rules;
  private final ComponentChecks checks;
  private final TechniqueDetections detections;

  /**
   * An assessor for scans made with these rules and the built-in component checks.
   *
   * @param rules the rules the engine evaluated (a rule a control names but this set lacks is "not evaluated")
   */
  public ComplianceAssessor(RuleSet rules) {
    this(rules, ComponentChecks.builtIn(), TechniqueDetections.installed());
  }

  /**
   * An assessor for scans made with these rules, component checks and runtime detections.
   *
   * @param detections which detections decide the technique controls (ATT&CK standards)
   */
  public ComplianceAssessor(RuleSet rules, ComponentChecks checks, TechniqueDetections detections) {
    this.rules = rules;
    this.checks = checks;
    this.detections = detections;
  }

  /**
   * Assesses one standard.
   *
   * @param standard the standard
   * @param findings the scan's findings (failures and rule errors), any order
   * @param notEvaluatedKinds kinds the scan could not read, and why ({@code ScanReport.notEvaluated()})
   * @param evaluatedAt when the scan was taken
   */
  public ComplianceResult assess(Standard standard, Collection<Finding> findings,
      Map<String, NotEvaluated> notEvaluatedKinds, Instant evaluatedAt) {
    return assess(standard, index(findings), notEvaluatedKinds, evaluatedAt);
  }

  /**
   * Groups a scan's findings by rule once, so several standards are assessed without going over the findings again
   * (a rule that several controls name is gathered once).
   */
  public static FindingIndex index(Collection<Finding> findings) {
    return index(findings, null);
  }

  /**
   * Groups a scan's findings and the component checks' report. Without a report (null), the controls the component
   * checks decide are "not evaluated": nobody looked at the control plane or the kubelets.
   */
  public static FindingIndex index(Collection<Finding> findings, ComponentReport components) {
    return index(findings, components, null);
  }

  /**
   * Groups a scan's findings, the component checks' report and the cluster's runtime coverage. Without runtime
   * coverage (null: offline scans), technique controls that have detections are "not evaluated".
   */
  public static FindingIndex index(Collection<Finding> findings, ComponentReport components, RuntimeCoverage runtime) {
    Map<String, List<Finding>> failures = new HashMap<>();
    Map<String, Finding> errors = new HashMap<>();
    List<Finding> all = new ArrayList<>(findings);
    if (components != null) {
      all.addAll(components.findings());
    }
    for (Finding f : all) {
      if (f.outcome() == Finding.Outcome.FAIL) {
        failures.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f);
      } else {
        errors.putIfAbsent(f.ruleId(), f);
      }
    }
    Map<String, FailingRule> failing = new HashMap<>();
    failures.forEach((ruleId, fs) -> {
      Finding first = fs.get(0);
      TreeSet<FailingResource> resources = new TreeSet<>();
      for (Finding f : fs) {
        resources.add(new FailingResource(f.resource(), f.container(), f.message()));
      }
      failing.put(ruleId, new FailingRule(ruleId, first.title(), first.severity(), first.remediation(),
          new ArrayList<>(resources)));
    });
    return new FindingIndex(Map.copyOf(failing), Map.copyOf(errors),
        Optional.ofNullable(components).map(ComponentReport::notEvaluated), Optional.ofNullable(runtime));
  }

  /**
   * A scan's findings grouped by rule: each failing rule with its resources, and one rule error per rule.
   *
   * @param failing rule id to the rule's failures
   * @param errors rule id to one of its rule errors
   * @param components per component kind, why it was not seen; empty when no component facts were collected
   * @param runtime the cluster's runtime coverage; empty when not collected
   */
  public record FindingIndex(Map<String, FailingRule> failing, Map<String, Finding> errors,
      Optional<Map<String, NotEvaluated>> components, Optional<RuntimeCoverage> runtime) {}

  /** Assesses one standard on an index of the scan's findings. */
  public ComplianceResult assess(Standard standard, FindingIndex index, Map<String, NotEvaluated> notEvaluatedKinds,
      Instant evaluatedAt) {
    List<ControlResult> out = new ArrayList<>(standard.controls().size());
    for (Control c : standard.controls()) {
      out.add(assess(standard, c, index, notEvaluatedKinds));
    }
    return new ComplianceResult(standard, out, evaluatedAt);
  }

  private ControlResult assess(Standard standard, Control c, FindingIndex index,
      Map<String, NotEvaluated> notEvaluatedKinds) {
    if (!c.automated()) {
      return new ControlResult(c, ControlStatus.MANUAL, List.of(), Optional.empty());
    }
    List<FailingRule> failing = new ArrayList<>();
    for (String ruleId : c.ruleIds()) {
      FailingRule f = index.failing().get(ruleId);
      if (f != null) {
        failing.add(f);
      }
    }
    List<String> detectionIds = detections.detectionsFor(standard, c);
    // An open alert of one of the technique's detections is evidence the technique is in use: the control fails.
    index.runtime().ifPresent(rt -> detectionIds.forEach(d -> {
      FailingRule alert = rt.openAlerts().get(d);
      if (alert != null) {
        failing.add(alert);
      }
    }));
    if (!failing.isEmpty()) {
      return new ControlResult(c, ControlStatus.FAILED, failing, Optional.empty());
    }
    for (String ruleId : c.ruleIds()) {
      if (checks.contains(ruleId)) {
        Optional<NotEvaluated> gap = componentGap(ruleId, index);
        if (gap.isPresent()) {
          return notEvaluated(c, gap.get());
        }
        Finding error = index.errors().get(ruleId);
        if (error != null) {
          return notEvaluated(c, new NotEvaluated(NotEvaluated.Reason.ERROR,
              "check " + ruleId + " could not be evaluated on " + error.resource().key() + ": " + error.message()));
        }
        continue;
      }
      Optional<Rule> rule = rules.rule(ruleId);
      if (rule.isEmpty()) {
        return notEvaluated(c, new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF,
            "rule " + ruleId + " is not enabled"));
      }
      Finding error = index.errors().get(ruleId);
      if (error != null) {
        return notEvaluated(c, new NotEvaluated(NotEvaluated.Reason.ERROR,
            "rule " + ruleId + " could not be evaluated on " + error.resource().key() + ": " + error.message()));
      }
      for (String kind : rule.get().kinds()) {
        NotEvaluated ne = notEvaluatedKinds.get(kind);
        if (ne != null) {
          return notEvaluated(c, new NotEvaluated(ne.reason(),
              kind + " could not be read for rule " + ruleId + (ne.detail().isEmpty() ? "" : ": " + ne.detail())));
        }
      }
    }
    if (!detectionIds.isEmpty()) {
      Optional<NotEvaluated> gap = runtimeGap(detectionIds, index);
      if (gap.isPresent()) {
        return notEvaluated(c, gap.get());
      }
    }
    return new ControlResult(c, ControlStatus.PASSED, List.of(), Optional.empty());
  }

  /** Why a technique's detections cannot vouch for it: not collected, no sensor reporting, a detection off. */
  private static Optional<NotEvaluated> runtimeGap(List<String> detectionIds, FindingIndex index) {
    if (index.runtime().isEmpty()) {
      return Optional.of(new NotEvaluated(NotEvaluated.Reason.DATA_MISSING, "runtime detections ("
          + String.join(", ", detectionIds) + ") are part of a live cluster's assessment, not of this scan"));
    }
    RuntimeCoverage rt = index.runtime().get();
    if (rt.sensorNotReporting().isPresent()) {
      NotEvaluated why = rt.sensorNotReporting().get();
      return Optional.of(new NotEvaluated(why.reason(), "no runtime sensor reporting"
          + (why.detail().isEmpty() ? "" : ": " + why.detail())));
    }
    List<String> off = detectionIds.stream().filter(rt.disabledDetections()::contains).toList();
    if (!off.isEmpty()) {
      return Optional.of(new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF, "detection" + (off.size() > 1 ? "s " : " ")
          + String.join(", ", off) + (off.size() > 1 ? " are" : " is") + " disabled for the cluster"));
    }
    return Optional.empty();
  }

  /** Why a component check cannot decide: no facts collected at all, or its component was not seen. */
  private Optional<NotEvaluated> componentGap(String ruleId, FindingIndex index) {
    if (index.components().isEmpty()) {
      return Optional.of(new NotEvaluated(NotEvaluated.Reason.DATA_MISSING, "control-plane and kubelet settings are"
          + " read from a live cluster; this scan did not collect them (check " + ruleId + ")"));
    }
    for (String kind : checks.rules().rule(ruleId).map(Rule::kinds).orElse(List.of())) {
      NotEvaluated gap = index.components().get().get(kind);
      if (gap != null) {
        return Optional.of(gap);
      }
    }
    return Optional.empty();
  }

  private static ControlResult notEvaluated(Control c, NotEvaluated why) {
    return new ControlResult(c, ControlStatus.NOT_EVALUATED, List.of(), Optional.of(why));
  }
}
