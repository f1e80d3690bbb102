package dev.kubeward.packages.internal.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the few tags a scan needs from an rpm header blob as rpmdb stores it: an index of (tag, type, offset, count)
 * entries followed by a data store, big-endian. Every offset is bounds-checked; a malformed blob is refused.
 */
final class RpmHeader {
  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int LICENSE = 1014;
  static final int ARCH = 1022;
  static final int SOURCERPM = 1044;

  private static final int TYPE_INT32 = 4;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_STRING_ARRAY = 8;
  private static final int TYPE_I18NSTRING = 9;

  private final Map<Integer, Object> values = new HashMap<>();

  private RpmHeader() {}

  /** Parses a header blob. */
  static RpmHeader parse(byte[] blob) {
    if (blob.length < 8) {
      throw new IllegalArgumentException("rpm header blob of " + blob.length + " bytes is too short");
    }
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
    int il = b.getInt(0);
    int dl = b.getInt(4);
    if (il < 1 || il > 0xffff || dl < 0 || dl > (256 << 20)) {
      throw new IllegalArgumentException("rpm header has an implausible size (" + il + " entries, " + dl + " bytes)");
    }
    long dataStart = 8L + 16L * il;
    if (dataStart + dl > blob.length) {
      throw new IllegalArgumentException("rpm header is truncated: needs " + (dataStart + dl) + " bytes, has " + blob.length);
    }
    RpmHeader h = new RpmHeader();
    for (int i = 0; i < il; i++) {
      int base = 8 + 16 * i;
      int tag = b.getInt(base);
      int type = b.getInt(base + 4);
      int offset = b.getInt(base + 8);
      int count = b.getInt(base + 12);
      if (tag != NAME && tag != VERSION && tag != RELEASE && tag != EPOCH && tag != LICENSE && tag != ARCH
          && tag != SOURCERPM) {
        continue;
      }
      if (offset < 0 || offset >= dl || count < 0) {
        throw new IllegalArgumentException("rpm header tag " + tag + " points outside its data");
      }
      int at = (int) dataStart + offset;
      int end = (int) dataStart + dl;
      switch (type) {
        case TYPE_INT32 -> {
          if (at + 4 > end) {
            throw new IllegalArgumentException("rpm header tag " + tag + " runs past its data");
          }
          h.values.put(tag, b.getInt(at));
        }
        case TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING -> {
          int z = at;
          while (z < end && blob[z] != 0) {
            z++;
          }
          if (z >= end) {
            throw new IllegalArgumentException("rpm header string of tag " + tag + " is not terminated");
          }
          h.values.put(tag, new String(blob, at, z - at, StandardCharsets.UTF_8));
        }
        default -> {
          // Other types are not needed.
        }
      }
    }
    return h;
  }

  String string(int tag) {
    Object v = values.get(tag);
    return v instanceof String s ? s : "";
  }

  int integer(int tag, int fallback) {
    Object v = values.get(tag);
    return v instanceof Integer i ? i : fallback;
  }
}
