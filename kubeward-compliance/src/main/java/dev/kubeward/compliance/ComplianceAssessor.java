package dev.kubeward.compliance;

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
 *       engine), raised a rule error, or looks at kinds the scan could not read — never a pass;</li>
 *   <li><b>passes</b> otherwise.</li>
 * </ul>
 * The assessor is stateless and cheap: the server re-assesses whenever findings change.
 */
public final class ComplianceAssessor {
  private final RuleSet rules;

  /**
   * An assessor for scans made with these rules.
   *
   * @param rules the rules the engine evaluated (a rule a control names but this set lacks is "not evaluated")
   */
  public ComplianceAssessor(RuleSet rules) {
    this.rules = rules;
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
    Map<String, List<Finding>> failures = new HashMap<>();
    Map<String, Finding> errors = new HashMap<>();
    for (Finding f : findings) {
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
    return new FindingIndex(Map.copyOf(failing), Map.copyOf(errors));
  }

  /**
   * A scan's findings grouped by rule: each failing rule with its resources, and one rule error per rule.
   *
   * @param failing rule id to the rule's failures
   * @param errors rule id to one of its rule errors
   */
  public record FindingIndex(Map<String, FailingRule> failing, Map<String, Finding> errors) {}

  /** Assesses one standard on an index of the scan's findings. */
  public ComplianceResult assess(Standard standard, FindingIndex index, Map<String, NotEvaluated> notEvaluatedKinds,
      Instant evaluatedAt) {
    List<ControlResult> out = new ArrayList<>(standard.controls().size());
    for (Control c : standard.controls()) {
      out.add(assess(c, index, notEvaluatedKinds));
    }
    return new ComplianceResult(standard, out, evaluatedAt);
  }

  private ControlResult assess(Control c, FindingIndex index, Map<String, NotEvaluated> notEvaluatedKinds) {
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
    if (!failing.isEmpty()) {
      return new ControlResult(c, ControlStatus.FAILED, failing, Optional.empty());
    }
    for (String ruleId : c.ruleIds()) {
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
    return new ControlResult(c, ControlStatus.PASSED, List.of(), Optional.empty());
  }

  private static ControlResult notEvaluated(Control c, NotEvaluated why) {
    return new ControlResult(c, ControlStatus.NOT_EVALUATED, List.of(), Optional.of(why));
  }
}
