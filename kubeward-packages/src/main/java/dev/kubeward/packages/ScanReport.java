package dev.kubeward.packages;

import dev.kubeward.image.Layer;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import java.util.List;
import java.util.Objects;

/**
 * The result of scanning an image, a file tree, a host root or an SBOM: the operating system and every package
 * found, plus what could not be read. The advisories engine takes {@link #packages()} and {@link #os()} and adds its
 * matches next to this report (see {@link ScanReportJson}).
 *
 * @param target what was scanned
 * @param image for images, their identity and layers; null otherwise
 * @param os the operating system, or null when none was recognised
 * @param packages packages sorted by ecosystem, name and version
 * @param warnings files or entries that could not be read, each naming it
 * @param analyzers {@code name@version} of every analyzer that ran
 */
public record ScanReport(Target target, ScannedImage image, OsRelease os, List<InstalledPackage> packages,
    List<String> warnings, List<String> analyzers) {
  public ScanReport {
    Objects.requireNonNull(target, "target");
    packages = List.copyOf(packages);
    warnings = List.copyOf(warnings);
    analyzers = List.copyOf(analyzers);
  }

  /** What kind of thing was scanned, and its name as the user gave it. */
  public record Target(Kind kind, String name) {
    /** Scan targets. */
    public enum Kind {
      IMAGE, FILESYSTEM, ROOTFS, SBOM
    }
  }

  /**
   * An image's identity.
   *
   * @param manifestDigest digest of the platform manifest ("" for old docker archives)
   * @param configDigest digest of the config (the image id)
   * @param platform os/arch[/variant]
   * @param layers the layers, base first, with how each was read
   */
  public record ScannedImage(String manifestDigest, String configDigest, String platform, List<ScannedLayer> layers) {
    public ScannedImage {
      layers = List.copyOf(layers);
    }
  }

  /**
   * One layer and how this scan got its contents.
   *
   * @param layer the layer
   * @param fromCache true when the analysis came from the cache and the layer was not read again
   * @param uncompressedBytes bytes of tar read (0 when cached)
   * @param entries tar entries read (0 when cached)
   */
  public record ScannedLayer(Layer layer, boolean fromCache, long uncompressedBytes, long entries) {}
}
