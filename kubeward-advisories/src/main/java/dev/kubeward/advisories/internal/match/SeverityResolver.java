package dev.kubeward.advisories.internal.match;

import dev.kubeward.advisories.CvssScore;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns stored CVSS scores (computed at import with us.springett:cvss-calculator) into {@link CvssScore}s and picks a
 * severity: the advisory's own rating first (its publisher knows the package best: GHSA/Bitnami severity, Red Hat's
 * rating on AlmaLinux errata, Ubuntu priorities), then the newest CVSS version in the advisory, then NVD's.
 */
public final class SeverityResolver {
  private SeverityResolver() {}

  /** The severity and where it came from. */
  public record Resolved(Severity severity, String source) {}

  /** The scored CVSS entries (scored at import; unparseable vectors are left out). */
  public static List<CvssScore> score(List<StoredSeverity> entries, String source) {
    List<CvssScore> out = new ArrayList<>(entries.size());
    for (StoredSeverity s : entries) {
      if (s.scored()) {
        String vector = s.score().trim();
        out.add(new CvssScore(versionOf(vector), vector, s.baseScore(), source));
      }
    }
    return out;
  }

  static String versionOf(String vector) {
    if (vector.startsWith("CVSS:4.0/")) {
      return "4.0";
    }
    if (vector.startsWith("CVSS:3.1/")) {
      return "3.1";
    }
    if (vector.startsWith("CVSS:3.0/")) {
      return "3.0";
    }
    return "2.0";
  }

  public static Resolved resolve(String advisorySeverity, List<StoredSeverity> labels, List<CvssScore> osv,
      List<CvssScore> nvd) {
    Optional<Severity> own = fromLabel(advisorySeverity);
    if (own.isPresent()) {
      return new Resolved(own.get(), "advisory rating");
    }
    for (StoredSeverity s : labels) {
      if (s.type().equalsIgnoreCase("Ubuntu")) {
        Optional<Severity> u = fromLabel(s.score());
        if (u.isPresent()) {
          return new Resolved(u.get(), "Ubuntu priority");
        }
      }
    }
    Optional<CvssScore> best = newest(osv);
    if (best.isPresent()) {
      return new Resolved(fromScore(best.get()), "cvss " + best.get().version());
    }
    best = nvd.stream().max(Comparator.comparingDouble(CvssScore::baseScore));
    if (best.isPresent()) {
      return new Resolved(fromScore(best.get()), "nvd cvss " + best.get().version());
    }
    return new Resolved(Severity.UNKNOWN, "none");
  }

  private static Optional<CvssScore> newest(List<CvssScore> scores) {
    return scores.stream().max(Comparator.comparing(CvssScore::version).thenComparingDouble(CvssScore::baseScore));
  }

  /** The qualitative severity of a CVSS base score (v2 has no Critical). */
  public static Severity fromScore(CvssScore s) {
    double v = s.baseScore();
    if (s.version().equals("2.0")) {
      return v >= 7 ? Severity.HIGH : v >= 4 ? Severity.MEDIUM : Severity.LOW;
    }
    if (v >= 9) {
      return Severity.CRITICAL;
    }
    if (v >= 7) {
      return Severity.HIGH;
    }
    if (v >= 4) {
      return Severity.MEDIUM;
    }
    return v > 0 ? Severity.LOW : Severity.INFORMATIONAL;
  }

  static Optional<Severity> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    return switch (label.trim().toLowerCase(Locale.ROOT)) {
      case "critical" -> Optional.of(Severity.CRITICAL);
      case "high", "important" -> Optional.of(Severity.HIGH);
      case "moderate", "medium" -> Optional.of(Severity.MEDIUM);
      case "low" -> Optional.of(Severity.LOW);
      case "negligible", "none", "informational" -> Optional.of(Severity.INFORMATIONAL);
      default -> Optional.empty();
    };
  }
}
