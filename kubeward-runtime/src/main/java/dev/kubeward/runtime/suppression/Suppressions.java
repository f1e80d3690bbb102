package dev.kubeward.runtime.suppression;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The suppression rules in force, in order. New alerts that match are created already Dismissed with the rule named;
 * on request a rule is applied to existing open alerts. Expired rules match nothing, and say so when they would have.
 */
public final class Suppressions {
  /** No rules. */
  public static final Suppressions NONE = new Suppressions(List.of());

  private final List<SuppressionRule> rules;

  public Suppressions(List<SuppressionRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules. */
  public List<SuppressionRule> rules() {
    return rules;
  }

  /** Which rule, if any, suppresses this alert at {@code now}, with notes about expired rules that would have. */
  public SuppressionDecision evaluate(Alert alert, Instant now) {
    List<String> notes = new ArrayList<>();
    for (SuppressionRule r : rules) {
      if (!r.criteriaMatch(alert)) {
        continue;
      }
      if (r.expired(now)) {
        notes.add("suppression rule '" + r.name() + "' would match but " + r.describeState(now));
        continue;
      }
      return new SuppressionDecision(Optional.of(r), notes);
    }
    return new SuppressionDecision(Optional.empty(), notes);
  }

  /** A new alert, dismissed and naming the rule when a rule matches; otherwise unchanged. */
  public Alert applyToNew(Alert alert, Instant now) {
    SuppressionDecision d = evaluate(alert, now);
    return d.rule().map(r -> alert.dismissedBySuppression(r.id(), r.name(), r.reason(), now)).orElse(alert);
  }

  /**
   * Applies one rule to existing alerts on request: returns the open alerts it matches, dismissed and naming the rule.
   * Alerts already dismissed or resolved are left alone.
   *
   * @throws IllegalStateException when the rule has expired
   */
  public static List<Alert> applyToExisting(SuppressionRule rule, Collection<Alert> alerts, Instant now) {
    if (rule.expired(now)) {
      throw new IllegalStateException("suppression rule '" + rule.name() + "' " + rule.describeState(now)
          + " and cannot be applied");
    }
    List<Alert> changed = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.status() != AlertStatus.DISMISSED && a.status() != AlertStatus.RESOLVED && rule.matches(a, now)) {
        changed.add(a.dismissedBySuppression(rule.id(), rule.name(), rule.reason(), now));
      }
    }
    return changed;
  }
}
