package dev.kubeward.packages.internal.os;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.OsRelease;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects the distribution from {@code os-release} (priority 3) or, when an image lacks it, from the distribution's
 * own files: {@code alpine-release}, {@code debian_version}, {@code redhat-release} and relatives (priority 1–2).
 * Distroless images carry Debian's os-release and are detected as Debian.
 */
public final class OsReleaseAnalyzer implements PackageAnalyzer {
  private static final Set<String> PATHS = Set.of("etc/os-release", "usr/lib/os-release", "etc/alpine-release",
      "etc/debian_version", "etc/redhat-release", "etc/centos-release", "etc/fedora-release", "etc/almalinux-release",
      "etc/rocky-release", "etc/oracle-release", "etc/system-release", "etc/lsb-release");
  private static final Pattern RELEASE_VERSION = Pattern.compile("release\\s+([0-9][0-9.]*)");

  @Override
  public String name() {
    return "os-release";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean operatingSystem() {
    return true;
  }

  @Override
  public boolean accepts(CandidateFile file) {
    return file.fileName().contains("release") || file.fileName().equals("debian_version") ? PATHS.contains(file.path()) : false;
  }

  @Override
  public long maxFileSize() {
    return 64 << 10;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    String text = new String(input.readAll(64 << 10), StandardCharsets.UTF_8);
    String path = input.file().path();
    OsRelease os = switch (path) {
      case "etc/os-release", "usr/lib/os-release" -> fromOsRelease(parseKeyValues(text));
      case "etc/lsb-release" -> fromLsb(parseKeyValues(text));
      case "etc/alpine-release" -> new OsRelease(Ecosystem.ALPINE, text.trim(), "", "Alpine Linux v" + text.trim());
      case "etc/debian_version" -> debianVersion(text.trim());
      default -> fromRedHatStyle(text.trim());
    };
    if (os == null) {
      return AnalyzerResult.EMPTY;
    }
    int priority = path.endsWith("os-release") ? (path.startsWith("etc/") ? 4 : 3) : path.equals("etc/lsb-release") ? 2 : 1;
    return AnalyzerResult.os(os, priority);
  }

  /** Parses shell-style KEY=value lines, with optional quotes. */
  static Map<String, String> parseKeyValues(String text) {
    Map<String, String> m = new HashMap<>();
    for (String line : text.split("\\R")) {
      line = line.trim();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String v = line.substring(eq + 1).trim();
      if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
        v = v.substring(1, v.length() - 1);
      }
      m.put(line.substring(0, eq).trim(), v.replace("\\\"", "\"").replace("\\$", "$"));
    }
    return m;
  }

  static OsRelease fromOsRelease(Map<String, String> kv) {
    String id = kv.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
    String version = kv.getOrDefault("VERSION_ID", "");
    String codename = kv.getOrDefault("VERSION_CODENAME", "");
    String pretty = kv.getOrDefault("PRETTY_NAME", kv.getOrDefault("NAME", ""));
    Ecosystem e = ecosystemOfId(id);
    if (e == null) {
      String like = kv.getOrDefault("ID_LIKE", "").toLowerCase(Locale.ROOT);
      for (String l : like.split("\\s+")) {
        e = ecosystemOfId(l);
        if (e != null) {
          break;
        }
      }
    }
    if (e == null) {
      return null;
    }
    if (e == Ecosystem.DEBIAN && codename.isEmpty()) {
      Matcher m = Pattern.compile("\\(([a-z]+)\\)").matcher(kv.getOrDefault("VERSION", ""));
      if (m.find()) {
        codename = m.group(1);
      }
    }
    return new OsRelease(e, version, codename, pretty);
  }

  static Ecosystem ecosystemOfId(String id) {
    return switch (id) {
      case "debian" -> Ecosystem.DEBIAN;
      case "ubuntu" -> Ecosystem.UBUNTU;
      case "alpine" -> Ecosystem.ALPINE;
      case "wolfi" -> Ecosystem.WOLFI;
      case "chainguard" -> Ecosystem.CHAINGUARD;
      case "almalinux" -> Ecosystem.ALMALINUX;
      case "rocky" -> Ecosystem.ROCKY_LINUX;
      case "rhel" -> Ecosystem.RED_HAT;
      case "centos" -> Ecosystem.CENTOS;
      case "fedora" -> Ecosystem.FEDORA;
      case "opensuse", "opensuse-leap", "opensuse-tumbleweed", "opensuse-microos" -> Ecosystem.OPENSUSE;
      case "sles", "sle_hpc", "sle-micro", "sles_sap", "suse" -> Ecosystem.SUSE;
      case "amzn" -> Ecosystem.AMAZON_LINUX;
      case "mariner", "azurelinux" -> Ecosystem.AZURE_LINUX;
      case "ol" -> Ecosystem.ORACLE_LINUX;
      default -> null;
    };
  }

  private static OsRelease fromLsb(Map<String, String> kv) {
    Ecosystem e = ecosystemOfId(kv.getOrDefault("DISTRIB_ID", "").toLowerCase(Locale.ROOT));
    return e == null ? null : new OsRelease(e, kv.getOrDefault("DISTRIB_RELEASE", ""),
        kv.getOrDefault("DISTRIB_CODENAME", ""), kv.getOrDefault("DISTRIB_DESCRIPTION", ""));
  }

  private static OsRelease debianVersion(String v) {
    if (v.isEmpty()) {
      return null;
    }
    // "12.5" → release 12; "bookworm/sid" is testing/unstable without a number.
    String major = v.matches("[0-9]+(\\..*)?") ? v.split("\\.")[0] : "";
    return new OsRelease(Ecosystem.DEBIAN, major, major.isEmpty() ? v.split("/")[0] : "", "Debian GNU/Linux " + v);
  }

  private static OsRelease fromRedHatStyle(String line) {
    String l = line.toLowerCase(Locale.ROOT);
    Ecosystem e = l.startsWith("centos") ? Ecosystem.CENTOS
        : l.startsWith("fedora") ? Ecosystem.FEDORA
        : l.startsWith("almalinux") ? Ecosystem.ALMALINUX
        : l.startsWith("rocky") ? Ecosystem.ROCKY_LINUX
        : l.startsWith("oracle") ? Ecosystem.ORACLE_LINUX
        : l.startsWith("amazon") ? Ecosystem.AMAZON_LINUX
        : l.startsWith("red hat") ? Ecosystem.RED_HAT : null;
    if (e == null) {
      return null;
    }
    Matcher m = RELEASE_VERSION.matcher(l);
    return new OsRelease(e, m.find() ? m.group(1) : "", "", line);
  }
}
