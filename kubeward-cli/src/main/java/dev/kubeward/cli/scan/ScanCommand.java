package dev.kubeward.cli.scan;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward scan}: the group of scanning commands (manifests, a live cluster, images, file trees, SBOMs). */
@Command(name = "scan", description = "Scan manifests, a cluster, an image, a file tree, a host root or an SBOM.")
public class ScanCommand extends GroupCommand {}
