package dev.kubeward.advisories;

import dev.kubeward.advisories.internal.version.ApkVersionComparator;
import dev.kubeward.advisories.internal.version.ComposerVersionComparator;
import dev.kubeward.advisories.internal.version.DpkgVersionComparator;
import dev.kubeward.advisories.internal.version.GoVersionComparator;
import dev.kubeward.advisories.internal.version.MavenVersionComparator;
import dev.kubeward.advisories.internal.version.NuGetVersionComparator;
import dev.kubeward.advisories.internal.version.Pep440VersionComparator;
import dev.kubeward.advisories.internal.version.RpmVersionComparator;
import dev.kubeward.advisories.internal.version.RubyGemsVersionComparator;
import dev.kubeward.advisories.internal.version.SemverVersionComparator;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.EnumMap;
import java.util.Map;

/** The version comparator of each ecosystem. All comparators are stateless and thread-safe. */
public final class VersionComparators {
  private static final Map<VersionScheme, VersionComparator> BY_SCHEME = new EnumMap<>(VersionScheme.class);
  private static final VersionComparator GO = new GoVersionComparator();

  static {
    for (VersionComparator c : new VersionComparator[] {
        new DpkgVersionComparator(), new RpmVersionComparator(), new ApkVersionComparator(),
        new SemverVersionComparator(), new Pep440VersionComparator(), new MavenVersionComparator(),
        new RubyGemsVersionComparator(), new NuGetVersionComparator(), new ComposerVersionComparator()}) {
      BY_SCHEME.put(c.scheme(), c);
    }
  }

  private VersionComparators() {}

  /** The comparator of a scheme. */
  public static VersionComparator forScheme(VersionScheme scheme) {
    return BY_SCHEME.get(scheme);
  }

  /**
   * The comparator of an ecosystem. Go uses SemVer but also accepts the toolchain's own spellings
   * ({@code go1.21rc1}, {@code v1.2.3}), which module and standard-library versions arrive in.
   */
  public static VersionComparator forEcosystem(Ecosystem ecosystem) {
    if (ecosystem == Ecosystem.GO) {
      return GO;
    }
    return forScheme(ecosystem.versionScheme());
  }
}
