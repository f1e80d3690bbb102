package dev.kubeward.runtime.internal;

import java.util.Objects;

/**
 * A shell-style pattern: {@code *} matches any run of characters (slashes included), {@code ?} one character,
 * everything else itself. Matching is linear in the text (no regular expressions, no backtracking blow-up).
 */
public final class Glob {
  private final String pattern;

  private Glob(String pattern) {
    this.pattern = pattern;
  }

  /** A glob for this pattern. */
  public static Glob of(String pattern) {
    return new Glob(Objects.requireNonNull(pattern, "pattern"));
  }

  /** The pattern text. */
  public String pattern() {
    return pattern;
  }

  /** True when the whole text matches. */
  public boolean matches(String text) {
    if (text == null) {
      return false;
    }
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** True when any of the patterns matches, or the list is empty (no constraint). */
  public static boolean anyMatches(java.util.List<String> patterns, String text) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String p : patterns) {
      if (of(p).matches(text)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
