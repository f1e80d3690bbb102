package dev.kubeward.inventory.internal;

/**
 * A fixed-size, lossy string de-duplicator. Kubernetes objects repeat the same keys and many values (labels, images,
 * protocol names) thousands of times; sharing one instance keeps the inventory's heap close to its JSON size. It is
 * direct-mapped (a colliding string simply replaces the slot), so its own footprint never grows.
 */
public final class StringPool {
  private static final int SIZE = 1 << 17;
  private static final int MAX_LENGTH = 256;
  private static final String[] SLOTS = new String[SIZE];

  private StringPool() {}

  /** The shared instance equal to {@code s} if one is cached, else {@code s} (which is cached for next time). */
  public static String intern(String s) {
    if (s == null || s.length() > MAX_LENGTH) {
      return s;
    }
    int h = s.hashCode();
    int slot = (h ^ (h >>> 16)) & (SIZE - 1);
    String cached = SLOTS[slot];
    if (cached != null && cached.equals(s)) {
      return cached;
    }
    SLOTS[slot] = s;
    return s;
  }
}
