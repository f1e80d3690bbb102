package dev.kubeward.packages;

import dev.kubeward.image.Image;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerLimits;
import dev.kubeward.model.ProgressListener;
import dev.kubeward.packages.internal.scan.ScanEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lists the packages of an image, an unpacked file tree or a node's host root. Image layers are analysed once each;
 * the findings are cached by layer digest and analyzer versions, so a layer shared by many images is read once.
 */
public final class PackageScanner {
  private final Analyzers analyzers;
  private final LayerCache cache;
  private final LayerLimits limits;
  private final ProgressListener progress;
  private final int parallelism;

  public PackageScanner(Analyzers analyzers, LayerCache cache, LayerLimits limits, ProgressListener progress,
      int parallelism) {
    this.analyzers = analyzers;
    this.cache = cache;
    this.limits = limits;
    this.progress = progress;
    this.parallelism = parallelism;
  }

  /** Every analyzer, default limits, no progress, two layers at a time. */
  public PackageScanner(LayerCache cache) {
    this(Analyzers.discover(), cache, LayerLimits.DEFAULT, ProgressListener.NONE, 2);
  }

  /** Scans an image opened with {@link dev.kubeward.image.ImageLoader}. */
  public ScanReport scan(Image image) {
    return engine(analyzers).scanImage(image);
  }

  /** Scans an unpacked file tree with every analyzer (an application folder, an extracted image). */
  public ScanReport scanFilesystem(Path dir) {
    return scanDirectory(dir, analyzers, ScanReport.Target.Kind.FILESYSTEM);
  }

  /** Scans a node's host root with the operating-system analyzers only, skipping proc, sys, dev and run. */
  public ScanReport scanRootfs(Path dir) {
    return scanDirectory(dir, analyzers.filter(PackageAnalyzer::operatingSystem), ScanReport.Target.Kind.ROOTFS);
  }

  private ScanReport scanDirectory(Path dir, Analyzers set, ScanReport.Target.Kind kind) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    try {
      return engine(set).scanDirectory(dir, kind);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + dir + ": " + e.getMessage(), e);
    }
  }

  private ScanEngine engine(Analyzers set) {
    return new ScanEngine(set, cache, limits, progress, parallelism);
  }
}
