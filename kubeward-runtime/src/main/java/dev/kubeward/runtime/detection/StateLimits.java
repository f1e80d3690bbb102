package dev.kubeward.runtime.detection;

/**
 * Bounds on the memory of stateful detections. Past a bound the least recently used key is evicted (and counted), so
 * memory stays flat however many users, pods or processes the events name.
 *
 * @param maxKeysPerDetection keys one threshold or sequence detection tracks at once
 * @param maxEvidencePerHit evidence references kept per hit
 * @param maxRecentRequests audit ids remembered to count one API request once per detection across its stages
 * @param maxFirstSeenScopes scopes the in-memory first-seen store tracks
 * @param maxValuesPerScope values remembered per first-seen scope; a scope that reaches it stops alerting
 */
public record StateLimits(
    int maxKeysPerDetection,
    int maxEvidencePerHit,
    int maxRecentRequests,
    int maxFirstSeenScopes,
    int maxValuesPerScope) {

  /** Defaults: about 30 MB at worst with every built-in detection's state full. */
  public static final StateLimits DEFAULT = new StateLimits(10_000, 10, 50_000, 10_000, 500);

  public StateLimits {
    if (maxKeysPerDetection < 1 || maxEvidencePerHit < 1 || maxRecentRequests < 1 || maxFirstSeenScopes < 1
        || maxValuesPerScope < 1) {
      throw new IllegalArgumentException("state limits must be positive");
    }
  }
}
