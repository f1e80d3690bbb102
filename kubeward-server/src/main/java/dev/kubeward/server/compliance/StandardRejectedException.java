package dev.kubeward.server.compliance;

import dev.kubeward.compliance.StandardProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A posted standard that does not validate: answered as 400 listing every problem. */
class StandardRejectedException extends RuntimeException {
  private final List<StandardProblem> problems;

  StandardRejectedException(List<StandardProblem> problems) {
    super("the standard is not valid: " + problems.stream().map(StandardProblem::describe)
        .collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  List<StandardProblem> problems() {
    return problems;
  }
}
