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

/** {@code kubeward scan fs}: lists the packages of a file tree with every analyzer. */
@Command(name = "fs", description = {"List the packages in a folder (lockfiles, installed packages, archives, binaries)",
    "and match them against the vulnerability database."})
public class ScanFsCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin ScanOptions options;
  @Mixin MatchOptions match;

  @Parameters(paramLabel = "DIR", description = "The folder to scan.")
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
    ScanReport report = new PackageScanner(options.cache()).scanFilesystem(dir);
    ScanVulnerabilities v = vulns.match(report);
    ScanOutput.write(report, v, options, spec.commandLine().getOut());
    return vulns.finish(v, spec.commandLine().getErr());
  }
}
