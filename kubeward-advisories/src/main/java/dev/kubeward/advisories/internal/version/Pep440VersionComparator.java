package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering for Python packages, with the specification's normalisations (alpha → a, c/pre/preview → rc,
 * rev/r → post, optional separators, implicit zeros, a leading {@code v}). Release numbers ignore trailing zeros;
 * dev releases sort before pre-releases, which sort before the release, which sorts before post-releases; a local
 * label sorts after the same public version. Written here because no maintained Java library implements it.
 */
public final class Pep440VersionComparator implements VersionComparator {
  private static final Pattern FORM = Pattern.compile(
      "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
          + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?"
          + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?"
          + "(?:[-_.]?(dev)[-_.]?(\\d+)?)?"
          + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

  @Override
  public VersionScheme scheme() {
    return VersionScheme.PEP440;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    int c = Numbers.compareDigits(x.epoch, y.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(x.release, y.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(x.preRank(), y.preRank());
    if (c != 0) {
      return c;
    }
    if (x.preLetter != null) {
      c = Numbers.compareDigits(x.preNumber, y.preNumber);
      if (c != 0) {
        return c;
      }
    }
    c = compareOptional(x.post, y.post, false);
    if (c != 0) {
      return c;
    }
    c = compareOptional(x.dev, y.dev, true);
    if (c != 0) {
      return c;
    }
    return compareLocal(x.local, y.local);
  }

  private static int compareRelease(String[] p, String[] q) {
    int n = Math.max(p.length, q.length);
    for (int i = 0; i < n; i++) {
      int c = Numbers.compareDigits(i < p.length ? p[i] : "0", i < q.length ? q[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Absent post sorts first (before any post); absent dev sorts last (after any dev). */
  private static int compareOptional(String p, String q, boolean absentIsGreatest) {
    if (p == null || q == null) {
      if (p == null && q == null) {
        return 0;
      }
      return (p == null) == absentIsGreatest ? 1 : -1;
    }
    return Numbers.compareDigits(p, q);
  }

  private static int compareLocal(String p, String q) {
    if (p == null || q == null) {
      return p == null ? (q == null ? 0 : -1) : 1;
    }
    String[] x = p.split("[-_.]");
    String[] y = q.split("[-_.]");
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      boolean xn = Numbers.isDigits(x[i]);
      boolean yn = Numbers.isDigits(y[i]);
      int c;
      if (xn && yn) {
        c = Numbers.compareDigits(x[i], y[i]);
      } else if (xn != yn) {
        c = xn ? 1 : -1;
      } else {
        c = Integer.signum(x[i].compareTo(y[i]));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static final ParsedVersions<Parsed> CACHE = new ParsedVersions<>(50_000);

  private static Parsed parse(String v) {
    return CACHE.get(v == null ? "" : v, Pep440VersionComparator::read);
  }

  private static Parsed read(String v) {
    String s = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(String.valueOf(v), "PEP 440", null);
    }
    String preLetter = m.group(3) == null ? null : switch (m.group(3)) {
      case "alpha", "a" -> "a";
      case "beta", "b" -> "b";
      default -> "rc";
    };
    String preNumber = m.group(4) == null ? "0" : m.group(4);
    String post = m.group(5) != null ? m.group(5) : m.group(6) != null ? (m.group(7) == null ? "0" : m.group(7)) : null;
    String dev = m.group(8) != null ? (m.group(9) == null ? "0" : m.group(9)) : null;
    return new Parsed(m.group(1) == null ? "0" : m.group(1), m.group(2).split("\\."), preLetter, preNumber, post, dev,
        m.group(10));
  }

  private record Parsed(String epoch, String[] release, String preLetter, String preNumber, String post, String dev,
      String local) {
    /** dev-only releases (1.0.dev1) before any pre-release, pre-releases by letter, then the final release. */
    int preRank() {
      if (preLetter == null) {
        return post == null && dev != null ? -1 : 3;
      }
      return switch (preLetter) {
        case "a" -> 0;
        case "b" -> 1;
        default -> 2;
      };
    }
  }
}
