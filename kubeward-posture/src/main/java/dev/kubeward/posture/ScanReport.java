package dev.kubeward.posture;

import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.model.NotEvaluated;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a scan: the findings (failures and rule errors), the input problems, the kinds that could not be
 * read (never counted as passing), and how much was looked at.
 *
 * @param findings sorted by severity, resource, rule and container
 * @param problems input problems (broken files, skipped charts)
 * @param notEvaluated kinds that could not be read, and why
 * @param objects number of objects in the inventory
 * @param rules number of rules evaluated
 */
public record ScanReport(List<Finding> findings, List<LoadProblem> problems, Map<String, NotEvaluated> notEvaluated,
    int objects, int rules) {
  public ScanReport {
    findings = List.copyOf(findings);
    problems = List.copyOf(problems);
    notEvaluated = Map.copyOf(notEvaluated);
  }

  /** The findings whose rule could not be evaluated. */
  public List<Finding> ruleErrors() {
    return findings.stream().filter(f -> f.outcome() == Finding.Outcome.RULE_ERROR).toList();
  }

  /** The same report with only some findings. */
  public ScanReport withFindings(List<Finding> kept) {
    return new ScanReport(kept, problems, notEvaluated, objects, rules);
  }
}
