package dev.kubeward.cli.posture;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward fix}: apply rules' quick fixes. */
@Command(name = "fix", description = "Apply the quick fixes of misconfiguration rules.")
public class FixCommand extends GroupCommand {}
