package dev.kubeward.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.packages.internal.PurlEcosystems;
import dev.kubeward.packages.internal.os.OsPackages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a CycloneDX (1.2–1.6) or SPDX (2.2–2.3) JSON SBOM into a {@link ScanReport}, so an SBOM is scanned like an
 * image. Packages come from their purls; a package without a purl, or with a type no advisory source covers, is
 * reported as a warning instead of being guessed.
 */
public final class SbomReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 256L << 20;
  private static final int MAX_DEPTH = 32;

  private SbomReader() {}

  /**
   * Reads an SBOM file.
   *
   * @throws IllegalArgumentException naming the file when it is neither CycloneDX nor SPDX JSON
   */
  public static ScanReport read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = JSON.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object");
    }
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    OsRelease os = null;
    if ("CycloneDX".equals(root.path("bomFormat").asText())) {
      os = readCycloneDx(root.path("components"), packages, warnings, 0);
    } else if (root.path("spdxVersion").asText().startsWith("SPDX-")) {
      for (JsonNode p : root.path("packages")) {
        if ("OPERATING-SYSTEM".equals(p.path("primaryPackagePurpose").asText())) {
          os = osOf(p.path("name").asText(), p.path("versionInfo").asText());
          continue;
        }
        String purl = "";
        for (JsonNode ref : p.path("externalRefs")) {
          if ("purl".equals(ref.path("referenceType").asText())) {
            purl = ref.path("referenceLocator").asText();
          }
        }
        add(purl, p.path("name").asText(), p.path("versionInfo").asText(), List.of(), packages, warnings);
      }
    } else {
      throw new IllegalArgumentException(file + " is neither a CycloneDX (bomFormat) nor an SPDX (spdxVersion) JSON document");
    }
    OsRelease detected = os;
    List<InstalledPackage> placed = new ArrayList<>(packages.stream().map(p -> OsPackages.forOs(p, detected)).toList());
    placed.sort(Comparator.comparing((InstalledPackage p) -> p.ecosystem().name()).thenComparing(InstalledPackage::name)
        .thenComparing(InstalledPackage::version));
    return new ScanReport(new ScanReport.Target(ScanReport.Target.Kind.SBOM, file.toString()), null, os, placed, warnings,
        List.of());
  }

  private static OsRelease readCycloneDx(JsonNode components, List<InstalledPackage> out, List<String> warnings, int depth) {
    OsRelease os = null;
    if (depth > MAX_DEPTH) {
      warnings.add("components nest deeper than " + MAX_DEPTH + " levels; the rest is ignored");
      return null;
    }
    for (JsonNode c : components) {
      if ("operating-system".equals(c.path("type").asText())) {
        os = osOf(c.path("name").asText(), c.path("version").asText());
        continue;
      }
      List<String> props = new ArrayList<>();
      String layer = "";
      for (JsonNode p : c.path("properties")) {
        if ("kubeward:layer".equals(p.path("name").asText())) {
          layer = p.path("value").asText();
        } else if ("kubeward:location".equals(p.path("name").asText())) {
          props.add(p.path("value").asText());
        }
      }
      int before = out.size();
      add(c.path("purl").asText(""), c.path("name").asText(), c.path("version").asText(), props, out, warnings);
      if (out.size() > before && !layer.isEmpty()) {
        InstalledPackage p = out.remove(out.size() - 1);
        out.add(new InstalledPackage(p.name(), p.version(), p.ecosystem(), p.purl(), p.sourceName(), p.sourceVersion(),
            p.locations(), layer, p.licenses()));
      }
      OsRelease nested = readCycloneDx(c.path("components"), out, warnings, depth + 1);
      if (os == null) {
        os = nested;
      }
    }
    return os;
  }

  private static void add(String purl, String name, String version, List<String> locations, List<InstalledPackage> out,
      List<String> warnings) {
    if (purl.isEmpty()) {
      warnings.add("component '" + name + "' has no purl; skipped");
      return;
    }
    PackageURL p;
    try {
      p = new PackageURL(purl);
    } catch (MalformedPackageURLException e) {
      warnings.add("component '" + name + "' has an invalid purl '" + purl + "'; skipped");
      return;
    }
    Ecosystem e = PurlEcosystems.of(p).orElse(null);
    if (e == null) {
      warnings.add("component '" + name + "' is of purl type '" + p.getType() + "', which no advisory source covers; skipped");
      return;
    }
    String v = p.getVersion() != null ? p.getVersion() : version;
    String upstream = p.getQualifiers() == null ? null : p.getQualifiers().get("upstream");
    String sourceName = "";
    if (e.operatingSystem()) {
      sourceName = upstream == null ? p.getName() : upstream.replaceAll("-[^-]+-[^-]+\\.src\\.rpm$", "");
    }
    out.add(new InstalledPackage(PurlEcosystems.displayName(p, e), v == null ? "" : v, e, p.canonicalize(), sourceName, "",
        locations, "", List.of()));
  }

  private static OsRelease osOf(String name, String version) {
    return Ecosystem.fromOsvName(name).filter(Ecosystem::operatingSystem)
        .or(() -> java.util.Optional.ofNullable(osIdEcosystem(name)))
        .map(e -> new OsRelease(e, version, "", name + " " + version)).orElse(null);
  }

  private static Ecosystem osIdEcosystem(String id) {
    return switch (id.toLowerCase(java.util.Locale.ROOT)) {
      case "debian" -> Ecosystem.DEBIAN;
      case "ubuntu" -> Ecosystem.UBUNTU;
      case "alpine" -> Ecosystem.ALPINE;
      case "rhel", "redhat" -> Ecosystem.RED_HAT;
      case "rocky" -> Ecosystem.ROCKY_LINUX;
      case "amzn" -> Ecosystem.AMAZON_LINUX;
      default -> null;
    };
  }
}
