package dev.kubeward.posture;

import java.util.List;

/**
 * How the findings changed after an inventory change: new or changed findings, and findings that are gone (fixed or
 * their object deleted). Findings are identified by {@link Finding#key()}.
 */
public record FindingsDelta(List<Finding> added, List<Finding> removed) {
  public FindingsDelta {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty();
  }
}
