package dev.kubeward.packages.internal.scan;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import java.util.List;

/** What the analyzers found in one version of one file (cached per layer). */
public record FileFindings(List<InstalledPackage> packages, OsRelease os, int osPriority) {
  public FileFindings {
    packages = packages == null ? List.of() : List.copyOf(packages);
  }

  static final FileFindings NOTHING = new FileFindings(List.of(), null, 0);
}
