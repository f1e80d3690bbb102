package dev.kubeward.server.admission;

/**
 * What admission needs to know about one image digest.
 *
 * @param scanned whether a scan result exists (false: never scanned, still queued, or the scan failed)
 * @param criticalWithFix open Critical vulnerabilities that have a fixed version
 * @param knownExploited open vulnerabilities in the KEV catalog
 */
public record ImageVerdict(boolean scanned, int criticalWithFix, int knownExploited) {
  /** The verdict for an image Kubeward knows nothing about. */
  public static final ImageVerdict UNSCANNED = new ImageVerdict(false, 0, 0);
}
