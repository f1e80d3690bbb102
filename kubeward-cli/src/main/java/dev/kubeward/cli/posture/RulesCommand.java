package dev.kubeward.cli.posture;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward rules}: list, show and export misconfiguration rules. */
@Command(name = "rules", description = "List, show and export the misconfiguration rules.")
public class RulesCommand extends GroupCommand {}
