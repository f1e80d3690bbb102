package dev.kubeward.advisories.internal.match;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.kubeward.advisories.internal.store.PackageKeys;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import java.util.Optional;

/**
 * Decides whether a distribution advisory's release ({@code Debian:12}, {@code Alpine:v3.19}, {@code AlmaLinux:9},
 * {@code Ubuntu:Pro:22.04:LTS}) is the release the package was installed on: the detected OS release, else the
 * package URL's {@code distro} qualifier. Without either it cannot decide, and says so.
 */
public final class OsReleaseMatcher {
  private OsReleaseMatcher() {}

  /** The decision. */
  public enum Decision { APPLIES, OTHER_RELEASE, RELEASE_UNKNOWN }

  public static Decision decide(String affectedEcosystem, InstalledPackage pkg, Optional<OsRelease> os) {
    String release = PackageKeys.release(affectedEcosystem);
    if (!pkg.ecosystem().operatingSystem() || release.isEmpty()) {
      return Decision.APPLIES;
    }
    Optional<String> installedOn = os.filter(r -> r.ecosystem() == pkg.ecosystem() && !r.versionId().isEmpty())
        .map(OsRelease::versionId).or(() -> distroQualifier(pkg.purl()));
    if (installedOn.isEmpty()) {
      return Decision.RELEASE_UNKNOWN;
    }
    return releaseMatches(pkg.ecosystem(), release, installedOn.get()) ? Decision.APPLIES : Decision.OTHER_RELEASE;
  }

  static boolean releaseMatches(Ecosystem ecosystem, String release, String versionId) {
    String major = versionId.split("\\.")[0];
    String[] parts = versionId.split("\\.");
    String majorMinor = parts.length > 1 ? parts[0] + "." + parts[1] : versionId;
    return switch (ecosystem) {
      case DEBIAN -> release.equals(major) || release.equals(versionId);
      case UBUNTU -> {
        String r = release.startsWith("Pro:") ? release.substring(4) : release;
        int colon = r.indexOf(':');
        yield (colon >= 0 ? r.substring(0, colon) : r).equals(majorMinor);
      }
      case ALPINE -> release.equals("v" + majorMinor) || release.equals(majorMinor);
      default -> release.equals(versionId) || release.equals(major) || release.equals(majorMinor)
          || release.equals("v" + majorMinor);
    };
  }

  /** "12" from {@code distro=debian-12}, "3.19.1" from {@code distro=3.19.1}. */
  static Optional<String> distroQualifier(String purl) {
    if (purl == null || purl.isEmpty()) {
      return Optional.empty();
    }
    try {
      var qualifiers = new PackageURL(purl).getQualifiers();
      String distro = qualifiers == null ? null : qualifiers.get("distro");
      if (distro == null || distro.isEmpty()) {
        return Optional.empty();
      }
      int dash = distro.lastIndexOf('-');
      String v = dash >= 0 ? distro.substring(dash + 1) : distro;
      return v.isEmpty() || !Character.isDigit(v.charAt(0)) ? Optional.empty() : Optional.of(v);
    } catch (MalformedPackageURLException e) {
      return Optional.empty();
    }
  }
}
