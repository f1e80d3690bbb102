package dev.kubeward.cli.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.advisories.MatchReportCycloneDx;
import dev.kubeward.advisories.MatchReportJson;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.cli.VersionCommand;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.SbomWriter;
import dev.kubeward.packages.ScanReport;
import dev.kubeward.packages.ScanReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.model.Bom;

/** Renders a scan report and its vulnerabilities in the chosen format, to standard output or a file. */
final class ScanOutput {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScanOutput() {}

  static void write(ScanReport report, ScanVulnerabilities vulns, ScanOptions options, PrintWriter out) {
    String text = render(report, vulns, options.format, Clock.systemUTC());
    if (options.output == null) {
      out.print(text);
      out.flush();
      return;
    }
    try {
      Files.writeString(options.output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserInputException("cannot write " + options.output + ": " + e.getMessage());
    }
  }

  static String render(ScanReport r, ScanVulnerabilities v, ScanOptions.Format format, Clock clock) {
    return switch (format) {
      case json -> json(r, v);
      case cyclonedx -> cycloneDx(r, v, clock);
      case spdx -> spdx(r, v, clock);
      case table -> table(r) + VulnerabilityTable.render(v);
    };
  }

  private static String json(ScanReport r, ScanVulnerabilities v) {
    ObjectNode tree = ScanReportJson.toTree(r);
    if (v.matchedAny()) {
      MatchReportJson.addTo(tree, v.report());
    } else if (!v.skipped()) {
      MatchReportJson.addNotMatched(tree, v.status(), v.warning().orElse(null));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      ScanReportJson.write(tree, b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toString(StandardCharsets.UTF_8) + "\n";
  }

  private static String cycloneDx(ScanReport r, ScanVulnerabilities v, Clock clock) {
    Bom bom = new SbomWriter(clock, VersionCommand.version()).cycloneDxBom(r);
    if (v.matchedAny()) {
      // The matcher hands back the very package objects it was given, so identity finds each one's component.
      Map<InstalledPackage, String> refs = new IdentityHashMap<>();
      for (int i = 0; i < r.packages().size(); i++) {
        refs.put(r.packages().get(i), SbomWriter.componentRef(i, r.packages().get(i)));
      }
      MatchReportCycloneDx.addTo(bom, v.report(), p -> Optional.ofNullable(refs.get(p)));
    } else if (!v.skipped()) {
      MatchReportCycloneDx.addNotMatched(bom, v.status(), v.warning().orElse(null));
    }
    return SbomWriter.cycloneDxJson(bom) + "\n";
  }

  /** SPDX 2.3 has no place for vulnerabilities: the document comment says what was found and where to look. */
  private static String spdx(ScanReport r, ScanVulnerabilities v, Clock clock) {
    String doc = new SbomWriter(clock, VersionCommand.version()).spdx(r);
    if (v.skipped()) {
      return doc + "\n";
    }
    StringBuilder comment = new StringBuilder("kubeward vulnerability scan: ");
    if (v.matchedAny()) {
      comment.append(v.report().matches().size()).append(" vulnerabilities matched (database build ")
          .append(v.status().buildId()).append(", ").append(v.status().freshness().name().toLowerCase(Locale.ROOT))
          .append("); SPDX 2.3 cannot carry them, use --format json or cyclonedx to list them.");
    }
    v.warning().ifPresent(w -> comment.append(comment.toString().endsWith(": ") ? "" : " ").append("Warning: ")
        .append(w).append('.'));
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(doc);
      tree.put("comment", comment.toString());
      return JSON.writeValueAsString(tree) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String table(ScanReport r) {
    StringBuilder b = new StringBuilder();
    b.append(r.target().name()).append('\n');
    if (r.image() != null) {
      b.append("  digest:   ").append(r.image().manifestDigest().isEmpty() ? "-" : r.image().manifestDigest()).append('\n');
      b.append("  platform: ").append(r.image().platform()).append(", ").append(r.image().layers().size()).append(" layers\n");
    }
    b.append("  os:       ").append(r.os() == null ? "not recognised"
        : r.os().ecosystem().osvName() + " " + r.os().versionId()
            + (r.os().codename().isEmpty() ? "" : " (" + r.os().codename() + ")")).append('\n');
    b.append("  packages: ").append(r.packages().size()).append("\n\n");
    int wName = 4;
    int wVersion = 7;
    int wEco = 9;
    for (InstalledPackage p : r.packages()) {
      wName = Math.max(wName, Math.min(60, p.name().length()));
      wVersion = Math.max(wVersion, Math.min(40, p.version().length()));
      wEco = Math.max(wEco, p.ecosystem().osvName().length());
    }
    String fmt = "%-" + wName + "s  %-" + wVersion + "s  %-" + wEco + "s  %-12s  %s%n";
    b.append(String.format(fmt, "NAME", "VERSION", "ECOSYSTEM", "LAYER", "LOCATION"));
    for (InstalledPackage p : r.packages()) {
      String layer = p.layerDigest().isEmpty() ? "-" : p.layerDigest().substring(p.layerDigest().indexOf(':') + 1, Math.min(
          p.layerDigest().length(), p.layerDigest().indexOf(':') + 13));
      b.append(String.format(fmt, p.name(), p.version(), p.ecosystem().osvName(), layer,
          p.locations().isEmpty() ? "-" : p.locations().get(0)));
    }
    if (!r.warnings().isEmpty()) {
      b.append('\n').append(r.warnings().size()).append(" warning(s):\n");
      r.warnings().forEach(w -> b.append("  ").append(w).append('\n'));
    }
    return b.toString();
  }
}
