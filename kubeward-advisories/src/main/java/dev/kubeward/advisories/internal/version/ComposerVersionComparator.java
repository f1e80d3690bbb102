package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composer (Packagist) ordering after Composer's normalisation: up to four numbers (missing ones are zero), then the
 * stability dev &lt; alpha &lt; beta &lt; RC &lt; stable &lt; patch with its number, and a trailing {@code -dev} below
 * the same version without it. Branch names ({@code dev-main}) have no order and are refused. Written here because no
 * maintained Java library implements it.
 */
public final class ComposerVersionComparator implements VersionComparator {
  private static final Pattern FORM = Pattern.compile(
      "v?(\\d+(?:\\.\\d+){0,3})"
          + "(?:[._-]?(stable|beta|b|rc|c|alpha|a|patch|pl|p)((?:[.-]?\\d+)*))?"
          + "([.-]?dev)?");

  @Override
  public VersionScheme scheme() {
    return VersionScheme.COMPOSER;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    for (int i = 0; i < 4; i++) {
      int c = Numbers.compareDigits(x.number(i), y.number(i));
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(x.stabilityRank, y.stabilityRank);
    if (c != 0) {
      return c;
    }
    String[] p = x.stabilityNumbers;
    String[] q = y.stabilityNumbers;
    for (int i = 0; i < Math.max(p.length, q.length); i++) {
      c = Numbers.compareDigits(i < p.length ? p[i] : "0", i < q.length ? q[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(!x.dev, !y.dev);
  }

  private static Parsed parse(String v) {
    String s = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(String.valueOf(v), "Composer", null);
    }
    String[] numbers = m.group(1).split("\\.");
    int rank = 4;
    boolean dev = m.group(4) != null;
    if (m.group(2) != null) {
      rank = switch (m.group(2)) {
        case "alpha", "a" -> 1;
        case "beta", "b" -> 2;
        case "rc", "c" -> 3;
        case "patch", "pl", "p" -> 5;
        default -> 4;
      };
    } else if (dev) {
      // "1.0.0-dev" is the development stability itself, not a dev build of a stable release.
      rank = 0;
      dev = false;
    }
    String digits = m.group(3) == null ? "" : m.group(3).replaceAll("^[.-]", "");
    String[] stabilityNumbers = digits.isEmpty() ? new String[0] : digits.split("[.-]");
    return new Parsed(numbers, rank, stabilityNumbers, dev);
  }

  private record Parsed(String[] numbers, int stabilityRank, String[] stabilityNumbers, boolean dev) {
    String number(int i) {
      return i < numbers.length ? numbers[i] : "0";
    }
  }
}
