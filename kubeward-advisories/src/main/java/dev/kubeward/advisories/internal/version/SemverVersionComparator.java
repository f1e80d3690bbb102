package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SemVer 2.0 precedence (npm, crates.io, Bitnami, Kubernetes), read leniently: a leading {@code v}, fewer or more than
 * three numeric parts ({@code 1.2}, {@code 2023.03.13}) and leading zeros are accepted, because real advisory data
 * contains them (strict parsers such as semver4j reject Bitnami's date versions). Build metadata is ignored.
 */
public class SemverVersionComparator implements VersionComparator {
  private static final Pattern FORM =
      Pattern.compile("[vV]?(\\d+(?:\\.\\d+)*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]*)?");

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
    String s = v == null ? "" : normalize(v.trim());
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(String.valueOf(v), scheme.name().toLowerCase(java.util.Locale.ROOT), null);
    }
    return new Parsed(m.group(1).split("\\."), m.group(2) == null ? null : m.group(2).split("\\."));
  }

  private record Parsed(String[] core, String[] pre) {}
}
