package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.event.EventRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Follows ordered steps per key within a window (event time): A, then B, then ... on the same pod. Keys are capped
 * LRU; a key whose window has passed is dropped when next seen.
 */
public final class SequenceTracker {
  private final int steps;
  private final long windowMillis;
  private final int maxEvidence;
  private final BoundedLruMap<String, Progress> progress;

  public SequenceTracker(int steps, Duration window, int maxKeys, int maxEvidence) {
    this.steps = steps;
    this.windowMillis = window.toMillis();
    this.maxEvidence = maxEvidence;
    this.progress = new BoundedLruMap<>(maxKeys);
  }

  private static final class Progress {
    final long start;
    int next = 1;
    final List<EventRef> evidence = new ArrayList<>();

    Progress(long start) {
      this.start = start;
    }
  }

  /**
   * Offers an event for a key; {@code stepMatches} tests whether the event satisfies step i. Returns the evidence
   * when the event completes the last step.
   */
  public synchronized Optional<List<EventRef>> offer(String key, Instant time, EventRef ref, IntPredicate stepMatches) {
    long t = time.toEpochMilli();
    Progress p = progress.get(key);
    if (p != null && t - p.start > windowMillis) {
      progress.remove(key);
      p = null;
    }
    if (p != null && stepMatches.test(p.next)) {
      if (p.evidence.size() < maxEvidence) {
        p.evidence.add(ref);
      }
      p.next++;
      if (p.next == steps) {
        progress.remove(key);
        return Optional.of(List.copyOf(p.evidence));
      }
      return Optional.empty();
    }
    // A first step starts (or, while only the first step is done, restarts) the window.
    if ((p == null || p.next == 1) && stepMatches.test(0)) {
      Progress fresh = new Progress(t);
      fresh.evidence.add(ref);
      progress.put(key, fresh);
    }
    return Optional.empty();
  }

  /** Keys held now. */
  public synchronized int keys() {
    return progress.size();
  }

  /** Keys evicted because of the bound. */
  public synchronized long evictions() {
    return progress.evictions();
  }
}
