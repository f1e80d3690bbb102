package dev.kubeward.advisories.internal.store;

/**
 * An OSV severity entry: {@code type} CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu (NVD's are typed by CVSS version, "3.1"),
 * {@code score} the vector or label, and {@code baseScore} the base score computed from the vector when the entry is
 * built — at import, so matching never parses a vector — or NaN when it is not a CVSS vector that scores.
 */
public record StoredSeverity(String type, String score, double baseScore) {
  /** An entry whose base score is computed now. */
  public StoredSeverity(String type, String score) {
    this(type, score, CvssBaseScores.of(type, score));
  }

  /** True when {@link #baseScore} holds a computed score. */
  public boolean scored() {
    return !Double.isNaN(baseScore);
  }
}
