package dev.kubeward.cli.scan;

import dev.kubeward.cli.CliCommand;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shared run of the {@code scan} subcommands that read a local folder: check it, scan it, match the packages and
 * print. Subclasses say which folder and how to scan it (every analyzer, or the operating-system ones only).
 */
abstract class FolderScanCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;
  @Mixin ScanOptions options;
  @Mixin MatchOptions match;

  /** The folder named on the command line. */
  abstract Path folder();

  /** Scans the folder with the analyzers this command stands for. */
  abstract ScanReport scan(PackageScanner scanner, Path folder);

  @Override
  public String parent() {
    return "scan";
  }

  @Override
  public Integer call() {
    Path dir = folder();
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("not a folder: " + dir);
    }
    VulnerabilityStage vulns = VulnerabilityStage.open(match, Clock.systemUTC());
    ScanReport report = scan(new PackageScanner(options.cache()), dir);
    ScanVulnerabilities v = vulns.match(report);
    ScanOutput.write(report, v, options, spec.commandLine().getOut());
    return vulns.finish(v, spec.commandLine().getErr());
  }
}
