package dev.kubeward.runtime.suppression;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one alert against the suppression rules.
 *
 * @param rule the first active rule that matches, if any
 * @param notes remarks for the user, such as expired rules that would otherwise have matched
 */
public record SuppressionDecision(Optional<SuppressionRule> rule, List<String> notes) {
  public SuppressionDecision {
    notes = List.copyOf(notes);
  }

  /** True when a rule suppresses the alert. */
  public boolean suppressed() {
    return rule.isPresent();
  }
}
