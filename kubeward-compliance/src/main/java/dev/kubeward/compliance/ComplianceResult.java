package dev.kubeward.compliance;

import dev.kubeward.model.Standard;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One standard assessed against one scan: a result per control in the standard's order, and the counts.
 *
 * @param standard the standard
 * @param controls one result per control, in the standard's order
 * @param evaluatedAt when the underlying scan was taken
 */
public record ComplianceResult(Standard standard, List<ControlResult> controls, Instant evaluatedAt) {
  public ComplianceResult {
    Objects.requireNonNull(standard, "standard");
    controls = List.copyOf(controls);
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
  }

  /** The counts and score. */
  public ComplianceSummary summary() {
    return ComplianceSummary.of(controls);
  }

  /** Only the failing controls, in the standard's order. */
  public List<ControlResult> failing() {
    return controls.stream().filter(c -> c.status() == ControlStatus.FAILED).toList();
  }

  /** The result of one control. */
  public Optional<ControlResult> control(String controlId) {
    return controls.stream().filter(c -> c.control().id().equals(controlId)).findFirst();
  }
}
