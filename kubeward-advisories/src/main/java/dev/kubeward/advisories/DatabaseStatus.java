package dev.kubeward.advisories;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a database holds and how old it is.
 *
 * @param location the database folder
 * @param freshness fresh, stale or missing, judged against {@code maxAge}
 * @param buildId changes with every build, so a caller can tell that stored match results need re-matching
 * @param builtAt when the database file was built
 * @param lastUpdated when its oldest source was retrieved: the data is at least this old
 * @param age time since {@code lastUpdated}
 * @param maxAge the configured age past which it counts as stale
 * @param sources every input, with counts
 * @param advisoriesByEcosystem OSV records per ecosystem (release suffix removed)
 * @param advisories OSV records stored
 * @param withdrawn of those, withdrawn records (kept for lookups, never matched)
 * @param kevEntries KEV catalogue entries
 * @param epssScores EPSS scores
 * @param nvdCves CVEs with NVD CVSS data
 * @param issueCount malformed records seen while building
 * @param issues the first of those issues (at most 1,000 are kept)
 */
public record DatabaseStatus(
    Path location,
    Freshness freshness,
    String buildId,
    Instant builtAt,
    Instant lastUpdated,
    Duration age,
    Duration maxAge,
    List<SourceStatus> sources,
    Map<String, Integer> advisoriesByEcosystem,
    int advisories,
    int withdrawn,
    int kevEntries,
    int epssScores,
    int nvdCves,
    int issueCount,
    List<ImportIssue> issues) {

  /** The status of a folder that holds no database. */
  public static DatabaseStatus missing(Path location, Duration maxAge) {
    return new DatabaseStatus(location, Freshness.MISSING, "", null, null, null, maxAge, List.of(), Map.of(), 0, 0, 0,
        0, 0, 0, List.of());
  }

  /** True when results from this database must carry a staleness warning. */
  public boolean stale() {
    return freshness != Freshness.FRESH;
  }

  /**
   * The caveat every result from this database must carry, in a sentence, or empty when it is fresh. Scan output in
   * every format and the dashboard show it as it is.
   */
  public Optional<String> warning() {
    return switch (freshness) {
      case FRESH -> Optional.empty();
      case STALE -> Optional.of("the vulnerability database is stale: its data is " + describe(age) + " old (stale after "
          + describe(maxAge) + "), so advisories published since are missing; run 'kubeward db update'");
      case MISSING -> Optional.of("there is no vulnerability database in " + location
          + ", so vulnerabilities were not matched; run 'kubeward db update' (online) or 'kubeward db import' (offline)");
    };
  }

  /** A duration for people: "12d 3h", "5h 20m", "42m". */
  public static String describe(Duration d) {
    if (d == null) {
      return "?";
    }
    if (d.toDays() >= 1) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() >= 1) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return Math.max(0, d.toMinutes()) + "m";
  }
}
