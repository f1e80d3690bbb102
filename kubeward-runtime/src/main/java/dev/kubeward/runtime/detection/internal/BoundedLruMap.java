package dev.kubeward.runtime.detection.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** An access-ordered map that drops its least recently used entry past a size, counting what it dropped. */
public final class BoundedLruMap<K, V> extends LinkedHashMap<K, V> {
  private final int max;
  private long evictions;

  public BoundedLruMap(int max) {
    super(Math.min(max, 1024) * 4 / 3 + 1, 0.75f, true);
    this.max = max;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    if (size() > max) {
      evictions++;
      return true;
    }
    return false;
  }

  /** Entries dropped because of the bound. */
  public long evictions() {
    return evictions;
  }
}
