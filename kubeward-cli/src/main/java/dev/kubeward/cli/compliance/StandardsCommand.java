package dev.kubeward.cli.compliance;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward standards}: list and show the compliance standards. */
@Command(name = "standards", description = "List and show the compliance standards.")
public class StandardsCommand extends GroupCommand {}
