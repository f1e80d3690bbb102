package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;

/**
 * SemVer 2.0 precedence (npm, crates.io, Bitnami, Kubernetes), read leniently: a leading {@code v}, fewer or more than
 * three numeric parts ({@code 1.2}, {@code 2023.03.13}) and leading zeros are accepted, because real advisory data
 * contains them (strict parsers such as semver4j reject Bitnami's date versions). Build metadata is ignored.
 */
public class SemverVersionComparator implements VersionComparator {
  private final ParsedVersions<Parsed> cache = new ParsedVersions<>(50_000);

  private final VersionScheme scheme;
  private final boolean caseInsensitivePrerelease;

  public SemverVersionComparator() {
    this(VersionScheme.SEMVER, false);
  }

  protected SemverVersionComparator(VersionScheme scheme, boolean caseInsensitivePrerelease) {
    this.scheme = scheme;
    this.caseInsensitivePrerelease = caseInsensitivePrerelease;
  }

  @Override
  public VersionScheme scheme() {
    return scheme;
  }

  /** Rewrites ecosystem-specific spellings into SemVer before parsing; the identity here. */
  protected String normalize(String version) {
    return version;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    int n = Math.max(x.core.length, y.core.length);
    for (int i = 0; i < n; i++) {
      int c = Numbers.compareDigits(i < x.core.length ? x.core[i] : "0", i < y.core.length ? y.core[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    if (x.pre == null || y.pre == null) {
      return x.pre == null ? (y.pre == null ? 0 : 1) : -1;
    }
    int m = Math.min(x.pre.length, y.pre.length);
    for (int i = 0; i < m; i++) {
      int c = comparePrereleaseIdentifier(x.pre[i], y.pre[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.pre.length, y.pre.length);
  }

  private int comparePrereleaseIdentifier(String p, String q) {
    boolean pn = Numbers.isDigits(p);
    boolean qn = Numbers.isDigits(q);
    if (pn && qn) {
      return Numbers.compareDigits(p, q);
    }
    if (pn != qn) {
      return pn ? -1 : 1;
    }
    int c = caseInsensitivePrerelease ? p.compareToIgnoreCase(q) : p.compareTo(q);
    return Integer.signum(c);
  }

  private Parsed parse(String v) {
    return cache.get(v == null ? "" : v, this::read);
  }

  /**
   * Reads {@code [vV]? N(.N)* (-ID(.ID)*)? (+[0-9A-Za-z.-]*)?} where an ID is {@code [0-9A-Za-z-]+}; written out by
   * hand rather than as a regular expression because it runs for every range bound of a cold scan.
   */
  private Parsed read(String v) {
    String s = normalize(v.trim());
    int n = s.length();
    int i = n > 0 && (s.charAt(0) == 'v' || s.charAt(0) == 'V') ? 1 : 0;
    java.util.List<String> core = new java.util.ArrayList<>(4);
    while (true) {
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw invalid(v);
      }
      core.add(s.substring(start, i));
      if (i < n && s.charAt(i) == '.') {
        i++;
        continue;
      }
      break;
    }
    String[] pre = null;
    if (i < n && s.charAt(i) == '-') {
      i++;
      java.util.List<String> ids = new java.util.ArrayList<>(2);
      while (true) {
        int start = i;
        while (i < n && (isAlphanumeric(s.charAt(i)) || s.charAt(i) == '-')) {
          i++;
        }
        if (i == start) {
          throw invalid(v);
        }
        ids.add(s.substring(start, i));
        if (i < n && s.charAt(i) == '.') {
          i++;
          continue;
        }
        break;
      }
      pre = ids.toArray(new String[0]);
    }
    if (i < n && s.charAt(i) == '+') {
      i++;
      while (i < n && (isAlphanumeric(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-')) {
        i++;
      }
    }
    if (i != n) {
      throw invalid(v);
    }
    return new Parsed(core.toArray(new String[0]), pre);
  }

  private InvalidVersionException invalid(String v) {
    return new InvalidVersionException(String.valueOf(v), scheme.name().toLowerCase(java.util.Locale.ROOT), null);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlphanumeric(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private record Parsed(String[] core, String[] pre) {}
}
