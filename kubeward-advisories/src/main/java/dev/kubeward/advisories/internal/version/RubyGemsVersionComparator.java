package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Gem::Version} ordering: segments are runs of digits or letters, a letter segment marks a pre-release and
 * sorts before any number, trailing zeros do not count ({@code 1.0 == 1}), and {@code -} reads as {@code .pre.}.
 * Written here because no maintained Java library implements it.
 */
public final class RubyGemsVersionComparator implements VersionComparator {
  private static final Pattern FORM = Pattern.compile("[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
  private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

  @Override
  public VersionScheme scheme() {
    return VersionScheme.RUBYGEMS;
  }

  @Override
  public int compare(String a, String b) {
    List<Object> x = canonicalSegments(a);
    List<Object> y = canonicalSegments(b);
    int n = Math.max(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      Object p = i < x.size() ? x.get(i) : "0";
      Object q = i < y.size() ? y.get(i) : "0";
      boolean pn = !(p instanceof Letters);
      boolean qn = !(q instanceof Letters);
      int c;
      if (pn && qn) {
        c = Numbers.compareDigits((String) p, (String) q);
      } else if (pn != qn) {
        c = pn ? 1 : -1;
      } else {
        c = Integer.signum(((Letters) p).text.compareTo(((Letters) q).text));
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static List<Object> canonicalSegments(String v) {
    String s = v == null ? "" : v.trim();
    if (s.isEmpty()) {
      s = "0";
    }
    if (!FORM.matcher(s).matches()) {
      throw new InvalidVersionException(String.valueOf(v), "RubyGems", null);
    }
    s = s.replace("-", ".pre.");
    List<Object> numbers = new ArrayList<>();
    List<Object> rest = new ArrayList<>();
    Matcher m = SEGMENT.matcher(s);
    while (m.find()) {
      String seg = m.group();
      boolean letters = Character.isLetter(seg.charAt(0));
      if (letters || !rest.isEmpty()) {
        rest.add(letters ? new Letters(seg) : seg);
      } else {
        numbers.add(seg);
      }
    }
    dropTrailingZeros(numbers);
    dropTrailingZeros(rest);
    numbers.addAll(rest);
    return numbers;
  }

  private static void dropTrailingZeros(List<Object> segments) {
    while (!segments.isEmpty() && segments.get(segments.size() - 1) instanceof String n
        && Numbers.compareDigits(n, "0") == 0) {
      segments.remove(segments.size() - 1);
    }
  }

  private record Letters(String text) {}
}
