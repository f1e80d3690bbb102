package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.event.EventRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Counts matching events per key in a sliding window (event time) and fires when {@code count} fall inside it. Each
 * key holds at most {@code count} timestamps and a few evidence references; keys are capped LRU.
 */
public final class ThresholdTracker {
  private final int count;
  private final long windowMillis;
  private final int maxEvidence;
  private final BoundedLruMap<String, Window> windows;

  public ThresholdTracker(int count, Duration window, int maxKeys, int maxEvidence) {
    this.count = count;
    this.windowMillis = window.toMillis();
    this.maxEvidence = maxEvidence;
    this.windows = new BoundedLruMap<>(maxKeys);
  }

  /** Times of recent matches for one key, oldest first, in a ring that grows up to {@code count}. */
  private final class Window {
    long[] times = new long[Math.min(count, 8)];
    int head;
    int size;
    final ArrayDeque<EventRef> evidence = new ArrayDeque<>();

    void add(long t, EventRef ref) {
      while (size > 0 && times[head] < t - windowMillis) {
        head = (head + 1) % times.length;
        size--;
      }
      if (size == times.length) {
        if (times.length < count) {
          long[] grown = new long[Math.min(count, times.length * 2)];
          for (int i = 0; i < size; i++) {
            grown[i] = times[(head + i) % times.length];
          }
          times = grown;
          head = 0;
        } else {
          head = (head + 1) % times.length;
          size--;
        }
      }
      times[(head + size) % times.length] = t;
      size++;
      evidence.addLast(ref);
      if (evidence.size() > maxEvidence) {
        evidence.removeFirst();
      }
    }
  }

  /**
   * Records a match. Returns the evidence when this match completes the threshold; the key then starts counting
   * afresh, so a sustained burst fires once per {@code count} events.
   */
  public synchronized Optional<List<EventRef>> add(String key, Instant time, EventRef ref) {
    Window w = windows.get(key);
    if (w == null) {
      w = new Window();
      windows.put(key, w);
    }
    w.add(time.toEpochMilli(), ref);
    if (w.size >= count) {
      windows.remove(key);
      return Optional.of(List.copyOf(w.evidence));
    }
    return Optional.empty();
  }

  /** Keys held now. */
  public synchronized int keys() {
    return windows.size();
  }

  /** Keys evicted because of the bound. */
  public synchronized long evictions() {
    return windows.evictions();
  }
}
