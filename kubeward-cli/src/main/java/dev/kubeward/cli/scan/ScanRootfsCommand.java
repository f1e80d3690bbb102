package dev.kubeward.cli.scan;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubeward scan rootfs}: a node's host root, with the operating-system analyzers only. */
@Command(name = "rootfs", description = {"List the OS and OS packages of a host root (e.g. a node's / mounted into an agent)",
    "and match them against the vulnerability database."})
public class ScanRootfsCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin ScanOptions options;
  @Mixin MatchOptions match;

  @Parameters(paramLabel = "DIR", description = "The host root folder.")
  Path dir;

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("not a folder: " + dir);
    }
    VulnerabilityStage vulns = VulnerabilityStage.open(match, Clock.systemUTC());
    ScanReport report = new PackageScanner(options.cache()).scanRootfs(dir);
    ScanVulnerabilities v = vulns.match(report);
    ScanOutput.write(report, v, options, spec.commandLine().getOut());
    return vulns.finish(v, spec.commandLine().getErr());
  }
}
