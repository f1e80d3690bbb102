package dev.kubeward.image.internal;

/**
 * Remembers which paths a layer has seen, in 16 bytes per path whatever its length, so duplicate entries are found
 * in layers with millions of files without keeping their names. A 64-bit hash collision (about one in 10^7 for
 * 10^6 paths squared over 2^64... i.e. negligible) would only report a false duplicate warning.
 */
public final class PathHashSet {
  private long[] table = new long[1 << 12];
  private int size;

  /** Adds the path; false when it was already there. */
  public boolean add(String path) {
    long h = hash(path);
    if (h == 0) {
      h = 1;
    }
    if (size * 2 >= table.length) {
      grow();
    }
    return insert(table, h);
  }

  private boolean insert(long[] t, long h) {
    int mask = t.length - 1;
    int i = (int) (mix(h) & mask);
    while (true) {
      long v = t[i];
      if (v == 0) {
        t[i] = h;
        if (t == table) {
          size++;
        }
        return true;
      }
      if (v == h) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    for (long v : old) {
      if (v != 0) {
        insert(table, v);
      }
    }
  }

  public int size() {
    return size;
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
