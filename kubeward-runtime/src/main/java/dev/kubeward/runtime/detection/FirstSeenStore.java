package dev.kubeward.runtime.detection;

import dev.kubeward.runtime.detection.internal.InMemoryFirstSeenStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers which values (processes, users) each scope (a workload, a cluster) has shown, for first-seen detections.
 * The engine uses a bounded in-memory store by default; the server may supply a persistent one so baselines survive
 * restarts.
 */
public interface FirstSeenStore {
  /**
   * Records that {@code value} was seen in {@code scope} at {@code time} and says whether it is new.
   *
   * @param learningPeriod how long after a scope is first seen its new values are learned rather than reported
   */
  Observation observe(String scope, String value, Instant time, Duration learningPeriod);

  /** The outcome of one observation. */
  enum Observation {
    /** Seen before in this scope. */
    KNOWN,
    /** New, but the scope is still being learned: remembered, not reported. */
    LEARNING,
    /** New after the learning period: report it. */
    NEW,
    /** The scope has more distinct values than the store keeps; it no longer reports (too varied to baseline). */
    SCOPE_FULL
  }

  /** A bounded in-memory store: least recently used scopes are forgotten (and learned again) past the bound. */
  static FirstSeenStore inMemory(int maxScopes, int maxValuesPerScope) {
    return new InMemoryFirstSeenStore(maxScopes, maxValuesPerScope);
  }
}
