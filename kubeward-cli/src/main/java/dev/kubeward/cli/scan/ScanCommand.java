package dev.kubeward.cli.scan;

import dev.kubeward.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward scan}: the group of scanning commands (manifests, a live cluster, images, file trees, SBOMs). */
@Command(name = "scan", description = "Scan manifests, a cluster, an image, a file tree, a host root or an SBOM.")
public class ScanCommand implements Runnable, CliCommand {
  @Spec CommandSpec spec;

  @Override
  public String parent() {
    return "";
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
