package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.detection.FirstSeenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * First-seen baselines in memory, bounded twice: scopes beyond the limit are forgotten least recently used first (a
 * forgotten scope is learned again, so it never produces false "new" reports), and a scope with more distinct values
 * than the limit stops reporting.
 */
public final class InMemoryFirstSeenStore implements FirstSeenStore {
  private final BoundedLruMap<String, Scope> scopes;
  private final int maxValues;

  public InMemoryFirstSeenStore(int maxScopes, int maxValues) {
    this.scopes = new BoundedLruMap<>(maxScopes);
    this.maxValues = maxValues;
  }

  private static final class Scope {
    final Instant firstSeen;
    final Set<String> values = new HashSet<>();
    boolean full;

    Scope(Instant firstSeen) {
      this.firstSeen = firstSeen;
    }
  }

  @Override
  public synchronized Observation observe(String scope, String value, Instant time, Duration learningPeriod) {
    Scope s = scopes.get(scope);
    if (s == null) {
      s = new Scope(time);
      scopes.put(scope, s);
    }
    if (s.values.contains(value)) {
      return Observation.KNOWN;
    }
    if (s.full) {
      return Observation.SCOPE_FULL;
    }
    if (s.values.size() >= maxValues) {
      s.full = true;
      return Observation.SCOPE_FULL;
    }
    s.values.add(value);
    return time.isBefore(s.firstSeen.plus(learningPeriod)) ? Observation.LEARNING : Observation.NEW;
  }

  /** Scopes held now. */
  public synchronized int scopeCount() {
    return scopes.size();
  }

  /** Scopes forgotten because of the bound. */
  public synchronized long evictions() {
    return scopes.evictions();
  }
}
