package dev.kubeward.packages.internal;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.kubeward.model.Ecosystem;
import java.util.Locale;
import java.util.Optional;

/** The ecosystem a purl names, for packages that arrive as purls (SBOM input). */
public final class PurlEcosystems {
  private PurlEcosystems() {}

  public static Optional<Ecosystem> of(String purl) {
    try {
      return of(new PackageURL(purl));
    } catch (MalformedPackageURLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Optional<Ecosystem> of(PackageURL p) {
    String ns = p.getNamespace() == null ? "" : p.getNamespace().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(switch (p.getType()) {
      case "npm" -> Ecosystem.NPM;
      case "pypi" -> Ecosystem.PYPI;
      case "maven" -> Ecosystem.MAVEN;
      case "golang" -> Ecosystem.GO;
      case "cargo" -> Ecosystem.CRATES_IO;
      case "gem" -> Ecosystem.RUBYGEMS;
      case "nuget" -> Ecosystem.NUGET;
      case "composer" -> Ecosystem.PACKAGIST;
      case "bitnami" -> Ecosystem.BITNAMI;
      case "deb" -> ns.equals("ubuntu") ? Ecosystem.UBUNTU : Ecosystem.DEBIAN;
      case "apk" -> ns.equals("wolfi") ? Ecosystem.WOLFI : ns.equals("chainguard") ? Ecosystem.CHAINGUARD : Ecosystem.ALPINE;
      case "rpm" -> switch (ns) {
        case "almalinux" -> Ecosystem.ALMALINUX;
        case "rocky", "rocky-linux" -> Ecosystem.ROCKY_LINUX;
        case "centos" -> Ecosystem.CENTOS;
        case "fedora" -> Ecosystem.FEDORA;
        case "opensuse" -> Ecosystem.OPENSUSE;
        case "suse", "sles" -> Ecosystem.SUSE;
        case "amazon", "amzn" -> Ecosystem.AMAZON_LINUX;
        case "azurelinux", "mariner", "cbl-mariner" -> Ecosystem.AZURE_LINUX;
        case "oracle", "ol" -> Ecosystem.ORACLE_LINUX;
        default -> Ecosystem.RED_HAT;
      };
      default -> null;
    });
  }

  /** The package name as analyzers report it: npm scope, Maven group and Go path are part of it. */
  public static String displayName(PackageURL p, Ecosystem e) {
    String ns = p.getNamespace();
    if (ns == null || ns.isEmpty()) {
      return p.getName();
    }
    return switch (e) {
      case MAVEN -> ns + ":" + p.getName();
      case NPM, GO, PACKAGIST -> ns + "/" + p.getName();
      default -> p.getName();
    };
  }
}
