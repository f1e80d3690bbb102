package dev.kubeward.cli.scan;

import dev.kubeward.advisories.DatabaseStatus;
import dev.kubeward.advisories.MatchReport;
import java.util.Optional;

/**
 * What a scan learned about vulnerabilities: nothing by choice ({@code --skip-db}), nothing because the database is
 * missing or unreadable ({@code status} and {@code problem} say so), or a match report.
 *
 * @param skipped true with {@code --skip-db}
 * @param report the matches, when a database was used
 * @param status the database's status (also when it is missing); null when skipped
 * @param problem why an existing database could not be read, or null
 */
record ScanVulnerabilities(boolean skipped, MatchReport report, DatabaseStatus status, String problem) {
  static ScanVulnerabilities skippedByUser() {
    return new ScanVulnerabilities(true, null, null, null);
  }

  static ScanVulnerabilities notMatched(DatabaseStatus status, String problem) {
    return new ScanVulnerabilities(false, null, status, problem);
  }

  static ScanVulnerabilities matched(MatchReport report) {
    return new ScanVulnerabilities(false, report, report.database(), null);
  }

  boolean matchedAny() {
    return report != null;
  }

  /** The sentence every output format and standard error carry when the results need a caveat. */
  Optional<String> warning() {
    if (skipped) {
      return Optional.empty();
    }
    if (problem != null) {
      return Optional.of("the vulnerability database in " + status.location() + " cannot be read (" + problem
          + "), so vulnerabilities were not matched");
    }
    return status.warning();
  }
}
