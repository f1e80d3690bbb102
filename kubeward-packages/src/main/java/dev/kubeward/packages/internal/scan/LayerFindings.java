package dev.kubeward.packages.internal.scan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the analyzers need from one layer, small enough to cache: findings per file of interest, and the
 * deletions and links that decide which of them survive in the image.
 */
public record LayerFindings(Map<String, FileFindings> files, Set<String> whiteouts, Set<String> opaqueDirectories,
    Map<String, String> symlinks, List<String> warnings, long uncompressedBytes, long entries) {
  public LayerFindings {
    files = Map.copyOf(files);
    whiteouts = Set.copyOf(whiteouts);
    opaqueDirectories = Set.copyOf(opaqueDirectories);
    symlinks = Map.copyOf(symlinks);
    warnings = List.copyOf(warnings);
  }
}
