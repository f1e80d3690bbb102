package dev.kubeward.advisories.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A read-only list of strings left in their encoded form ({@link RecordCodec}: LEB128 length + UTF-8 bytes each).
 * PyPI advisories list every affected release explicitly — a scan of a few dozen Python packages meets thousands of
 * them — and matching only asks whether the installed version is among them, so {@link #contains} compares bytes and
 * no string is built unless an element is asked for.
 */
final class EncodedStrings extends AbstractList<String> implements RandomAccess {
  private final byte[] bytes;
  private final int start;
  private final int size;
  private int[] offsets;

  /** The {@code size} strings encoded from {@code bytes[start]} on; the caller has checked that they fit. */
  EncodedStrings(byte[] bytes, int start, int size) {
    this.bytes = bytes;
    this.start = start;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    int[] o = offsets();
    int[] len = new int[1];
    int data = readLength(o[index], len);
    return new String(bytes, data, len[0], StandardCharsets.UTF_8);
  }

  @Override
  public boolean contains(Object o) {
    if (!(o instanceof String s)) {
      return false;
    }
    byte[] wanted = s.getBytes(StandardCharsets.UTF_8);
    int pos = start;
    int[] len = new int[1];
    for (int i = 0; i < size; i++) {
      int data = readLength(pos, len);
      if (len[0] == wanted.length && Arrays.equals(bytes, data, data + len[0], wanted, 0, wanted.length)) {
        return true;
      }
      pos = data + len[0];
    }
    return false;
  }

  private int[] offsets() {
    if (offsets == null) {
      int[] o = new int[size];
      int pos = start;
      int[] len = new int[1];
      for (int i = 0; i < size; i++) {
        o[i] = pos;
        pos = readLength(pos, len) + len[0];
      }
      offsets = o;
    }
    return offsets;
  }

  /** Reads the length at {@code pos} into {@code len[0]} and returns where the string's bytes start. */
  private int readLength(int pos, int[] len) {
    int v = 0;
    int shift = 0;
    int p = pos;
    while (true) {
      int x = bytes[p++] & 0xff;
      v |= (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    len[0] = v;
    return p;
  }
}
