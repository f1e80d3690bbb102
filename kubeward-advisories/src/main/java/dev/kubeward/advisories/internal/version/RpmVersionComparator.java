package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import io.github.nscuro.versatile.version.RpmVersion;
import java.util.regex.Pattern;

/**
 * rpm's EVR ordering ({@code rpmvercmp}: epoch, then version, then release; {@code ~} sorts before and {@code ^} after
 * the base version), via versatile. When only one side carries a release, rpm compares versions alone — versatile
 * cannot, so the release is dropped on both sides first.
 */
public final class RpmVersionComparator implements VersionComparator {
  private static final Pattern ALLOWED = Pattern.compile("[0-9A-Za-z._+~^:-]+");

  @Override
  public VersionScheme scheme() {
    return VersionScheme.RPM;
  }

  private static final ParsedVersions<String> CHECKED = new ParsedVersions<>(50_000);
  private static final ParsedVersions<RpmVersion> PARSED = new ParsedVersions<>(50_000);

  @Override
  public int compare(String a, String b) {
    String x = CHECKED.get(a == null ? "" : a, RpmVersionComparator::check);
    String y = CHECKED.get(b == null ? "" : b, RpmVersionComparator::check);
    boolean xr = hasRelease(x);
    boolean yr = hasRelease(y);
    if (xr != yr) {
      x = withoutRelease(x);
      y = withoutRelease(y);
    }
    try {
      return Integer.signum(PARSED.get(x, RpmVersion::new).compareTo(PARSED.get(y, RpmVersion::new)));
    } catch (RuntimeException e) {
      throw new InvalidVersionException(a + " / " + b, "rpm", e.getMessage());
    }
  }

  private static String check(String v) {
    String s = v == null ? "" : v.trim();
    if (s.isEmpty() || !ALLOWED.matcher(s).matches()) {
      throw new InvalidVersionException(String.valueOf(v), "rpm", s.isEmpty() ? "empty" : "unexpected characters");
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && (colon == 0 || !s.substring(0, colon).chars().allMatch(Character::isDigit) || colon == s.length() - 1)) {
      throw new InvalidVersionException(s, "rpm", "the epoch must be a number");
    }
    return s;
  }

  private static boolean hasRelease(String evr) {
    return evr.indexOf('-', Math.max(0, evr.indexOf(':'))) >= 0;
  }

  private static String withoutRelease(String evr) {
    int dash = evr.lastIndexOf('-');
    return dash > evr.indexOf(':') && dash >= 0 ? evr.substring(0, dash) : evr;
  }
}
