package dev.kubeward.packages;

import java.io.IOException;

/**
 * Finds packages (or the operating system) in one kind of file: a dpkg status file, a package-lock.json, a jar.
 * Analyzers are found through {@code META-INF/services/dev.kubeward.packages.PackageAnalyzer}; adding one is adding a
 * class and a line there. They must be stateless and thread-safe.
 *
 * <p>Example: the apk analyzer accepts {@code lib/apk/db/installed} and returns one {@code InstalledPackage} per
 * stanza, e.g. {@code musl 1.1.22-r3, pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64}.
 */
public interface PackageAnalyzer {
  /** A short stable name ({@code dpkg}, {@code npm-lock}). */
  String name();

  /** Bumped whenever the analyzer's output for the same input changes, so cached results are recomputed. */
  int version();

  /** Operating-system analyzers also run on node host roots ({@code scan rootfs}). */
  default boolean operatingSystem() {
    return false;
  }

  /**
   * Whether to hand this file to {@link #analyze}. Called for every file of every layer, so it must be cheap: look at
   * the name first.
   */
  boolean accepts(CandidateFile file);

  /** Files larger than this are skipped with a warning. */
  default long maxFileSize() {
    return 128L << 20;
  }

  /**
   * Reads one file.
   *
   * @throws IOException or any runtime exception when the file cannot be understood; the scan records a warning
   *     naming the file and goes on
   */
  AnalyzerResult analyze(AnalyzerInput input) throws IOException;
}
