package dev.kubeward.cli.scan;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.packages.SbomReader;
import dev.kubeward.packages.ScanReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeward scan sbom}: reads a CycloneDX or SPDX JSON SBOM as if it were a scanned image. */
@Command(name = "sbom", description = "Read the packages of a CycloneDX or SPDX JSON SBOM and match them against the vulnerability database.")
public class ScanSbomCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin ScanOptions options;
  @Mixin MatchOptions match;

  @Parameters(paramLabel = "FILE", description = "The SBOM file.")
  Path file;

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("no such file: " + file);
    }
    VulnerabilityStage vulns = VulnerabilityStage.open(match, Clock.systemUTC());
    ScanReport report;
    try {
      report = SbomReader.read(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    ScanVulnerabilities v = vulns.match(report);
    ScanOutput.write(report, v, options, spec.commandLine().getOut());
    return vulns.finish(v, spec.commandLine().getErr());
  }
}
