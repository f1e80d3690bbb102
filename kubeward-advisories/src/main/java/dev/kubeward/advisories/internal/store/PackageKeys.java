package dev.kubeward.advisories.internal.store;

import dev.kubeward.model.Ecosystem;
import java.util.Locale;
import java.util.Optional;

/**
 * The index key of a package: its ecosystem without release, lower case, and its name normalised the way the
 * ecosystem compares names, so an advisory and an installed package meet whatever their spelling.
 */
public final class PackageKeys {
  private PackageKeys() {}

  /** "almalinux" for "AlmaLinux:9", "debian" for "Debian:12". */
  public static String ecosystemBase(String osvEcosystem) {
    int colon = osvEcosystem.indexOf(':');
    return (colon >= 0 ? osvEcosystem.substring(0, colon) : osvEcosystem).trim().toLowerCase(Locale.ROOT);
  }

  /** The release part of an OSV ecosystem ("9" for "AlmaLinux:9", "Pro:14.04:LTS" for Ubuntu's), or "". */
  public static String release(String osvEcosystem) {
    int colon = osvEcosystem.indexOf(':');
    return colon >= 0 ? osvEcosystem.substring(colon + 1).trim() : "";
  }

  public static String key(String osvEcosystem, String name) {
    String base = ecosystemBase(osvEcosystem);
    return base + '\u0000' + normalizeName(Ecosystem.fromOsvName(base), name);
  }

  public static String key(Ecosystem ecosystem, String name) {
    return ecosystem.osvName().toLowerCase(Locale.ROOT) + '\u0000' + normalizeName(Optional.of(ecosystem), name);
  }

  /**
   * PyPI names compare per PEP 503 (case, and runs of {@code -_.} are one); crates.io, NuGet, Packagist and RubyGems
   * names are case-insensitive; the rest are compared exactly.
   */
  static String normalizeName(Optional<Ecosystem> ecosystem, String name) {
    String n = name.trim();
    if (ecosystem.isEmpty()) {
      return n;
    }
    return switch (ecosystem.get()) {
      case PYPI -> n.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
      case CRATES_IO, NUGET, PACKAGIST, RUBYGEMS, BITNAMI -> n.toLowerCase(Locale.ROOT);
      default -> n;
    };
  }
}
