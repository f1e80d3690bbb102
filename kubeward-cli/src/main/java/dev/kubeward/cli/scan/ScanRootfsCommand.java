package dev.kubeward.cli.scan;

import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubeward scan rootfs}: a node's host root, with the operating-system analyzers only. */
@Command(name = "rootfs", description = {"List the OS and OS packages of a host root (e.g. a node's / mounted into an agent)",
    "and match them against the vulnerability database."})
public class ScanRootfsCommand extends FolderScanCommand {
  @Parameters(paramLabel = "DIR", description = "The host root folder.")
  Path dir;

  @Override
  Path folder() {
    return dir;
  }

  @Override
  ScanReport scan(PackageScanner scanner, Path folder) {
    return scanner.scanRootfs(folder);
  }
}
