package dev.kubeward.server.posture;

import dev.kubeward.posture.RuleProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A posted rule that does not load: every problem, each naming the rule and what is wrong (the CEL compiler's message
 * with line and column for expressions). Answered as 400 with the problems listed.
 */
class RuleRejectedException extends RuntimeException {
  private final List<RuleProblem> problems;

  RuleRejectedException(List<RuleProblem> problems) {
    super("the rule does not load: " + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  List<RuleProblem> problems() {
    return problems;
  }
}
