package dev.kubeward.runtime.event.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe access to values read by {@code BoundedJsonReader}; a missing or mistyped field reads as empty. */
public final class Fields {
  private Fields() {}

  /** The object at a path, or an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Object root, String... path) {
    Object v = at(root, path);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The text at a path ("" when missing; numbers and booleans as text). */
  public static String str(Object root, String... path) {
    Object v = at(root, path);
    if (v == null || v instanceof Map || v instanceof List) {
      return "";
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  /** The number at a path, or {@code dflt}; numeric text counts. */
  public static long num(Object root, long dflt, String... path) {
    Object v = at(root, path);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s && !s.isEmpty()) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  /** The boolean at a path; "true" text counts. */
  public static boolean bool(Object root, String... path) {
    Object v = at(root, path);
    return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
  }

  /** The list at a path, or empty. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object root, String... path) {
    Object v = at(root, path);
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The strings of the list at a path (non-strings skipped). */
  public static List<String> strings(Object root, String... path) {
    List<String> out = new ArrayList<>();
    for (Object o : list(root, path)) {
      if (o instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  /** A string-to-string map at a path (values as text). */
  public static Map<String, String> stringMap(Object root, String... path) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : obj(root, path).entrySet()) {
      if (e.getValue() != null && !(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
        out.put(e.getKey(), e.getValue().toString());
      }
    }
    return out;
  }

  /** True when the path exists (even if null). */
  public static boolean has(Object root, String... path) {
    Object cur = root;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m) || !m.containsKey(key)) {
        return false;
      }
      cur = m.get(key);
    }
    return true;
  }

  /** The value at a path, or null. */
  public static Object at(Object root, String... path) {
    Object cur = root;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(key);
    }
    return cur;
  }

  /** An RFC 3339 timestamp, or null when absent or unparseable. */
  public static Instant time(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Instant fast = utc(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /**
   * The shape every sensor here writes, {@code 2026-11-29T10:00:00.123456Z}, read without {@code DateTimeFormatter}
   * (its resolver was ~9 % of an ingest thread's samples: two timestamps per audit event); null for anything else,
   * which the caller hands to the full parser, so an offset, a lower-case 'z' or an invalid date behave as before.
   */
  static Instant utc(String t) {
    int n = t.length();
    if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
        || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (t.charAt(19) != '.' || n == 21 || n - 21 > 9) {
        return null;
      }
      int fraction = digits(t, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 21; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number in {@code t[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A timestamp from nanoseconds since the epoch. */
  public static Instant fromEpochNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** Removes a container runtime prefix ({@code containerd://abc} gives {@code abc}). */
  public static String stripRuntimePrefix(String id) {
    int i = id.indexOf("://");
    return i >= 0 ? id.substring(i + 3) : id;
  }

  /** The digest part of an image id or reference ({@code ...@sha256:abc} gives {@code sha256:abc}), or "". */
  public static String digestOf(String imageId) {
    int at = imageId.lastIndexOf('@');
    if (at >= 0) {
      return imageId.substring(at + 1);
    }
    String s = stripRuntimePrefix(imageId);
    return s.startsWith("sha256:") ? s : "";
  }
}
