package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own ordering ({@code ComparableVersion} from maven-artifact: alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp). */
public final class MavenVersionComparator implements VersionComparator {
  @Override
  public VersionScheme scheme() {
    return VersionScheme.MAVEN;
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  private static ComparableVersion parse(String v) {
    String s = v == null ? "" : v.trim();
    // ComparableVersion accepts anything; refuse what no Maven repository would hold.
    if (s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == ',' || c == '[' || c == ']'
        || c == '(' || c == ')')) {
      throw new InvalidVersionException(String.valueOf(v), "Maven", null);
    }
    return new ComparableVersion(s);
  }
}
