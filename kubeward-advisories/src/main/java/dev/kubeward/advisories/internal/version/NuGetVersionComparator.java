package dev.kubeward.advisories.internal.version;

import dev.kubeward.model.Ecosystem.VersionScheme;

/** NuGet versions: SemVer 2.0 with an optional fourth number and case-insensitive pre-release labels. */
public final class NuGetVersionComparator extends SemverVersionComparator {
  public NuGetVersionComparator() {
    super(VersionScheme.NUGET, true);
  }
}
