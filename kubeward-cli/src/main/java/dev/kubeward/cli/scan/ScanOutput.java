package dev.kubeward.cli.scan;

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

/** Renders a scan report in the chosen format, to standard output or a file. */
final class ScanOutput {
  private ScanOutput() {}

  static void write(ScanReport report, ScanOptions options, PrintWriter out) {
    String text = render(report, options.format);
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

  static String render(ScanReport r, ScanOptions.Format format) {
    return switch (format) {
      case json -> {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
          ScanReportJson.write(ScanReportJson.toTree(r), b);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        yield b.toString(StandardCharsets.UTF_8) + "\n";
      }
      case cyclonedx -> new SbomWriter(Clock.systemUTC(), VersionCommand.version()).cycloneDx(r) + "\n";
      case spdx -> new SbomWriter(Clock.systemUTC(), VersionCommand.version()).spdx(r) + "\n";
      case table -> table(r);
    };
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
