package dev.kubeward.cli.db;

import dev.kubeward.advisories.DatabaseStatus;
import dev.kubeward.advisories.ImportIssue;
import dev.kubeward.advisories.SourceStatus;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints a database status for people. */
final class StatusPrinter {
  private StatusPrinter() {}

  static void print(DatabaseStatus s, PrintWriter out) {
    out.println("Database:     " + s.location());
    out.println("State:        " + s.freshness().name().toLowerCase(java.util.Locale.ROOT)
        + (s.lastUpdated() == null ? "" : " (data from " + s.lastUpdated() + ", " + human(s.age()) + " old; stale after "
        + human(s.maxAge()) + ")"));
    if (s.builtAt() == null) {
      out.println("No database yet: run 'kubeward db update' (online) or 'kubeward db import PATH...' (offline).");
      return;
    }
    out.println("Built:        " + s.builtAt());
    out.println("Advisories:   " + s.advisories() + " (" + s.withdrawn() + " withdrawn)");
    s.advisoriesByEcosystem().forEach((e, n) -> out.printf("  %-20s %d%n", e, n));
    out.println("KEV entries:  " + s.kevEntries());
    out.println("EPSS scores:  " + s.epssScores());
    out.println("NVD CVEs:     " + s.nvdCves());
    out.println("Sources:");
    for (SourceStatus src : s.sources()) {
      out.printf("  %-5s %-45s %8d records %5d issues  retrieved %s%n", src.sourceId(), src.slot(), src.records(),
          src.issues(), src.retrievedAt());
    }
    out.println("Malformed records: " + s.issueCount());
    for (ImportIssue i : s.issues().subList(0, Math.min(20, s.issues().size()))) {
      out.println("  " + i.describe());
    }
    if (s.issueCount() > 20) {
      out.println("  ... and " + (s.issueCount() - 20) + " more");
    }
  }

  static String human(Duration d) {
    if (d == null) {
      return "?";
    }
    if (d.toDays() >= 1) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() >= 1) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() + "m";
  }
}
