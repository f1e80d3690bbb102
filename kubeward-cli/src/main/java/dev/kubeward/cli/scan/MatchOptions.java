package dev.kubeward.cli.scan;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.cli.db.DbOptions;
import dev.kubeward.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The vulnerability options every scan command shares (a picocli mixin). */
public class MatchOptions {
  @Option(names = "--db", paramLabel = "DIR",
      description = "Vulnerability database folder (default: KUBEWARD_DB_DIR or ~/.kubeward/db).")
  Path db;

  @Option(names = "--skip-db",
      description = "Only list packages, do not match vulnerabilities (e.g. to write an SBOM).")
  boolean skipDb;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = {"Exit with 1 when a vulnerability is at or above this severity: critical, high, medium, low;",
          "unknown counts every vulnerability, rated or not. Without a readable database this is an error (exit 2),",
          "never a pass."})
  String failOn;

  @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "7d",
      description = "Age past which the database counts as stale, e.g. 7d, 36h (default: ${DEFAULT-VALUE}).")
  String maxAge;

  Path dir() {
    return db != null ? db : AdvisoryDatabase.defaultLocation();
  }

  Duration maxAge() {
    return DbOptions.parseAge(maxAge);
  }

  /** The --fail-on threshold, checked against --skip-db. */
  Optional<Severity> failOn() {
    if (failOn == null) {
      return Optional.empty();
    }
    Severity s;
    try {
      s = Severity.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--fail-on: " + e.getMessage());
    }
    if (skipDb) {
      throw new UserInputException("--fail-on needs vulnerability matching; drop --skip-db");
    }
    return Optional.of(s);
  }
}
