package dev.kubeward.cli.scan;

import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubeward scan fs}: lists the packages of a file tree with every analyzer. */
@Command(name = "fs", description = {"List the packages in a folder (lockfiles, installed packages, archives, binaries)",
    "and match them against the vulnerability database."})
public class ScanFsCommand extends FolderScanCommand {
  @Parameters(paramLabel = "DIR", description = "The folder to scan.")
  Path dir;

  @Override
  Path folder() {
    return dir;
  }

  @Override
  ScanReport scan(PackageScanner scanner, Path folder) {
    return scanner.scanFilesystem(folder);
  }
}
