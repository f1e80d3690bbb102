package dev.kubeward.advisories.internal.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go module and toolchain versions. Modules are SemVer with a {@code v} and {@code +incompatible}; the toolchain spells
 * its releases {@code go1.21.5}, {@code go1.21rc2}, {@code 1.20} — rewritten here the way the Go vulnerability database
 * does ({@code 1.21.0-rc.2}) so both kinds compare against its ranges.
 */
public final class GoVersionComparator extends SemverVersionComparator {
  private static final Pattern TOOLCHAIN = Pattern.compile("(?:go)?v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(rc|beta|alpha)(\\d+))?");

  @Override
  protected String normalize(String version) {
    Matcher m = TOOLCHAIN.matcher(version);
    if (m.matches()) {
      String patch = m.group(3) == null ? "0" : m.group(3);
      String pre = m.group(4) == null ? "" : "-" + m.group(4) + "." + m.group(5);
      return m.group(1) + "." + m.group(2) + "." + patch + pre;
    }
    return version.startsWith("go") ? version.substring(2) : version;
  }
}
