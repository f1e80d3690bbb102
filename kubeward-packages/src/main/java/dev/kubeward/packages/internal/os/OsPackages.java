package dev.kubeward.packages.internal.os;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.packages.internal.Purls;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds OS packages and, once the distribution is known, re-labels them: a dpkg database is Debian's until the
 * os-release says Ubuntu, an rpm database Red Hat's until it says Rocky Linux.
 */
public final class OsPackages {
  private OsPackages() {}

  /** The purl type and namespace of a distribution's packages. */
  static String[] purlTypeAndNamespace(Ecosystem e) {
    return switch (e) {
      case DEBIAN -> new String[] {"deb", "debian"};
      case UBUNTU -> new String[] {"deb", "ubuntu"};
      case ALPINE -> new String[] {"apk", "alpine"};
      case WOLFI -> new String[] {"apk", "wolfi"};
      case CHAINGUARD -> new String[] {"apk", "chainguard"};
      case ALMALINUX -> new String[] {"rpm", "almalinux"};
      case ROCKY_LINUX -> new String[] {"rpm", "rocky"};
      case RED_HAT -> new String[] {"rpm", "redhat"};
      case CENTOS -> new String[] {"rpm", "centos"};
      case FEDORA -> new String[] {"rpm", "fedora"};
      case OPENSUSE -> new String[] {"rpm", "opensuse"};
      case SUSE -> new String[] {"rpm", "suse"};
      case AMAZON_LINUX -> new String[] {"rpm", "amazon"};
      case AZURE_LINUX -> new String[] {"rpm", "azurelinux"};
      case ORACLE_LINUX -> new String[] {"rpm", "oracle"};
      default -> throw new IllegalArgumentException(e + " is not a distribution");
    };
  }

  /** An OS package with its purl. {@code qualifiers} are arch, epoch and the like. */
  public static InstalledPackage create(Ecosystem ecosystem, String name, String version, String sourceName,
      String sourceVersion, Map<String, String> qualifiers, List<String> licenses) {
    String[] tn = purlTypeAndNamespace(ecosystem);
    return new InstalledPackage(name, version, ecosystem, Purls.of(tn[0], tn[1], name, version, qualifiers), sourceName,
        sourceVersion, List.of(), "", licenses);
  }

  /**
   * The package as seen on the detected distribution: same package manager family, the distribution's ecosystem and
   * a {@code distro} qualifier. Language packages and packages of another family are returned unchanged.
   */
  public static InstalledPackage forOs(InstalledPackage p, OsRelease os) {
    if (os == null || !p.ecosystem().operatingSystem()
        || p.ecosystem().versionScheme() != os.ecosystem().versionScheme()) {
      return p;
    }
    String purl = p.purl();
    try {
      PackageURL old = new PackageURL(purl);
      String[] tn = purlTypeAndNamespace(os.ecosystem());
      TreeMap<String, String> q = new TreeMap<>(old.getQualifiers() == null ? Map.of() : old.getQualifiers());
      if (!os.versionId().isEmpty()) {
        q.put("distro", tn[1] + "-" + os.versionId());
      }
      purl = Purls.of(tn[0], tn[1], old.getName(), old.getVersion(), q);
    } catch (MalformedPackageURLException | RuntimeException e) {
      // Keep the analyzer's purl.
    }
    return new InstalledPackage(p.name(), p.version(), os.ecosystem(), purl, p.sourceName(), p.sourceVersion(),
        p.locations(), p.layerDigest(), p.licenses());
  }
}
