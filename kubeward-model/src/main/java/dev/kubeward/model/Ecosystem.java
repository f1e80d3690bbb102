package dev.kubeward.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A package ecosystem: where a package comes from and therefore how its versions compare and which advisories apply.
 * The names are OSV's ecosystem names, so advisories match without a translation table.
 */
public enum Ecosystem {
  // Operating system distributions (version comparison: dpkg, apk or rpm).
  DEBIAN("Debian", VersionScheme.DPKG, true),
  UBUNTU("Ubuntu", VersionScheme.DPKG, true),
  ALPINE("Alpine", VersionScheme.APK, true),
  WOLFI("Wolfi", VersionScheme.APK, true),
  CHAINGUARD("Chainguard", VersionScheme.APK, true),
  ALMALINUX("AlmaLinux", VersionScheme.RPM, true),
  ROCKY_LINUX("Rocky Linux", VersionScheme.RPM, true),
  RED_HAT("Red Hat", VersionScheme.RPM, true),
  CENTOS("CentOS", VersionScheme.RPM, true),
  FEDORA("Fedora", VersionScheme.RPM, true),
  OPENSUSE("openSUSE", VersionScheme.RPM, true),
  SUSE("SUSE", VersionScheme.RPM, true),
  AMAZON_LINUX("Amazon Linux", VersionScheme.RPM, true),
  AZURE_LINUX("Azure Linux", VersionScheme.RPM, true),
  ORACLE_LINUX("Oracle Linux", VersionScheme.RPM, true),
  // Language ecosystems.
  NPM("npm", VersionScheme.SEMVER, false),
  PYPI("PyPI", VersionScheme.PEP440, false),
  MAVEN("Maven", VersionScheme.MAVEN, false),
  GO("Go", VersionScheme.SEMVER, false),
  CRATES_IO("crates.io", VersionScheme.SEMVER, false),
  RUBYGEMS("RubyGems", VersionScheme.RUBYGEMS, false),
  NUGET("NuGet", VersionScheme.NUGET, false),
  PACKAGIST("Packagist", VersionScheme.COMPOSER, false),
  // Software distributed outside package managers, with its own advisory feeds.
  BITNAMI("Bitnami", VersionScheme.SEMVER, false),
  KUBERNETES("Kubernetes", VersionScheme.SEMVER, false);

  private final String osvName;
  private final VersionScheme versionScheme;
  private final boolean operatingSystem;

  Ecosystem(String osvName, VersionScheme versionScheme, boolean operatingSystem) {
    this.osvName = osvName;
    this.versionScheme = versionScheme;
    this.operatingSystem = operatingSystem;
  }

  /** The ecosystem's name in OSV records ({@code "crates.io"}, {@code "AlmaLinux"}). */
  public String osvName() {
    return osvName;
  }

  /** How versions of this ecosystem compare. */
  public VersionScheme versionScheme() {
    return versionScheme;
  }

  /** True for distributions' package managers (dpkg, apk, rpm), whose advisories are per release. */
  public boolean operatingSystem() {
    return operatingSystem;
  }

  /**
   * The ecosystem of an OSV ecosystem name, ignoring a release suffix ({@code "Debian:12"} is {@link #DEBIAN}) and case.
   */
  public static Optional<Ecosystem> fromOsvName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    int colon = name.indexOf(':');
    String base = (colon >= 0 ? name.substring(0, colon) : name).trim().toLowerCase(Locale.ROOT);
    for (Ecosystem e : values()) {
      if (e.osvName.toLowerCase(Locale.ROOT).equals(base)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Version ordering rules; each has its own comparator in the advisories module. */
  public enum VersionScheme {
    DPKG,
    APK,
    RPM,
    SEMVER,
    PEP440,
    MAVEN,
    RUBYGEMS,
    NUGET,
    COMPOSER
  }
}
