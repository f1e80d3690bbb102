package dev.kubeward.compliance;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when standards' YAML is invalid; carries every problem found, not just the first. */
public final class StandardValidationException extends RuntimeException {
  private final List<StandardProblem> problems;

  /** Creates the exception for these problems (at least one). */
  public StandardValidationException(List<StandardProblem> problems) {
    super(problems.stream().map(StandardProblem::describe).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order. */
  public List<StandardProblem> problems() {
    return problems;
  }
}
