package dev.kubeward.advisories.internal.version;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers parsed versions by their text. Matching compares one installed version against every bound of every
 * range filed under its package, and the same bounds come back for every scan, so parsing each distinct string once
 * takes most of the work out of a match. Bounded: past {@code max} entries it starts over. Thread-safe.
 */
final class ParsedVersions<T> {
  private final Map<String, T> parsed = new ConcurrentHashMap<>();
  private final int max;

  ParsedVersions(int max) {
    this.max = max;
  }

  /** The parsed form of {@code text}; a parse failure propagates and is not remembered. */
  T get(String text, Function<String, T> parser) {
    T v = parsed.get(text);
    if (v == null) {
      v = parser.apply(text);
      if (parsed.size() >= max) {
        parsed.clear();
      }
      parsed.put(text, v);
    }
    return v;
  }
}
