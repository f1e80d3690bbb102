package dev.kubeward.compliance;

import dev.kubeward.model.Control;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The assessed state of one control.
 *
 * @param control the control as the standard defines it
 * @param status passed, failed, manual or not evaluated
 * @param failing for failed controls, the failing rules with their resources; else empty
 * @param notEvaluated for not-evaluated controls, why
 */
public record ControlResult(Control control, ControlStatus status, List<FailingRule> failing,
    Optional<NotEvaluated> notEvaluated) {
  public ControlResult {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(status, "status");
    failing = failing == null ? List.of() : List.copyOf(failing);
    notEvaluated = notEvaluated == null ? Optional.empty() : notEvaluated;
  }

  /** The highest severity among the failing rules ({@link Severity#UNKNOWN} when nothing fails). */
  public Severity severity() {
    return failing.stream().map(FailingRule::severity).min(Enum::compareTo).orElse(Severity.UNKNOWN);
  }

  /** Number of distinct failing resources over all failing rules. */
  public int failingResourceCount() {
    return (int) failing.stream().flatMap(r -> r.resources().stream()).map(FailingResource::resource).distinct().count();
  }
}
