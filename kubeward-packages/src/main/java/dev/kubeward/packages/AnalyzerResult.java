package dev.kubeward.packages;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import java.util.List;

/**
 * What an analyzer found in one file. Package locations and layers are filled in by the scan.
 *
 * @param packages packages the file records
 * @param os the operating system the file identifies, or null
 * @param osPriority how authoritative {@code os} is: os-release files win over distribution files
 * @param warnings problems worth telling the user (an entry that could not be parsed)
 */
public record AnalyzerResult(List<InstalledPackage> packages, OsRelease os, int osPriority, List<String> warnings) {
  public AnalyzerResult {
    packages = packages == null ? List.of() : List.copyOf(packages);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Nothing found. */
  public static final AnalyzerResult EMPTY = new AnalyzerResult(List.of(), null, 0, List.of());

  public static AnalyzerResult of(List<InstalledPackage> packages) {
    return new AnalyzerResult(packages, null, 0, List.of());
  }

  public static AnalyzerResult of(List<InstalledPackage> packages, List<String> warnings) {
    return new AnalyzerResult(packages, null, 0, warnings);
  }

  public static AnalyzerResult os(OsRelease os, int priority) {
    return new AnalyzerResult(List.of(), os, priority, List.of());
  }

  public boolean isEmpty() {
    return packages.isEmpty() && os == null && warnings.isEmpty();
  }
}
