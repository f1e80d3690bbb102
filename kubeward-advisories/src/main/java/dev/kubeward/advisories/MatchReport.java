package dev.kubeward.advisories;

import dev.kubeward.model.Severity;
import java.util.List;

/**
 * The result of matching a package list against a database.
 *
 * @param matches affected packages, one entry per (package, advisory), sorted by severity, then package, then id
 * @param undetermined packages that could not be decided for some advisories, and why
 * @param packagesChecked how many packages were looked up
 * @param database the database's status at matching time, including whether it is stale
 */
public record MatchReport(List<VulnerabilityMatch> matches, List<UndeterminedPackage> undetermined,
    int packagesChecked, DatabaseStatus database) {

  /** True when some match is at least {@code threshold} (for {@code --fail-on}). */
  public boolean hasSeverityAtLeast(Severity threshold) {
    return matches.stream().anyMatch(m -> m.severity().atLeast(threshold));
  }
}
