package dev.kubeward.posture;

import dev.kubeward.inventory.SourceLocation;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource failing one rule (or one rule that could not be evaluated on it).
 *
 * @param ruleId the rule's id
 * @param title the rule's title
 * @param severity the rule's severity
 * @param category the rule's category
 * @param resource the failing object (a workload's pods are reported on the workload)
 * @param container the container's name for container rules, else ""
 * @param message what is wrong, naming the offending field
 * @param remediation how to fix it
 * @param controls compliance controls this failure counts against, as {@code standard:control}
 * @param location the file and line for objects read from files
 * @param outcome a failure, or a rule that failed to evaluate
 */
public record Finding(
    String ruleId,
    String title,
    Severity severity,
    String category,
    ResourceRef resource,
    String container,
    String message,
    String remediation,
    List<String> controls,
    Optional<SourceLocation> location,
    Outcome outcome) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(resource, "resource");
    container = container == null ? "" : container;
    controls = controls == null ? List.of() : List.copyOf(controls);
    location = location == null ? Optional.empty() : location;
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The identity of a finding across scans: rule, resource and container. */
  public String key() {
    return ruleId + "|" + resource.key() + (container.isEmpty() ? "" : "|" + container);
  }

  /** The same finding with other compliance controls. */
  public Finding withControls(List<String> newControls) {
    return new Finding(ruleId, title, severity, category, resource, container, message, remediation, newControls,
        location, outcome);
  }

  /** A failure, or an evaluation error (never counted as a pass). */
  public enum Outcome {
    /** The resource fails the rule. */
    FAIL("fail"),
    /** The rule could not be evaluated on the resource ("rule error"). */
    RULE_ERROR("rule error");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    /** The text used in reports. */
    public String label() {
      return label;
    }
  }
}
