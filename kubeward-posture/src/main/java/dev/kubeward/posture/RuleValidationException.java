package dev.kubeward.posture;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when rule files do not load; carries every problem found, not just the first. */
public class RuleValidationException extends RuntimeException {
  private final List<RuleProblem> problems;

  public RuleValidationException(List<RuleProblem> problems) {
    super(problems.stream().map(RuleProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order. */
  public List<RuleProblem> problems() {
    return problems;
  }
}
