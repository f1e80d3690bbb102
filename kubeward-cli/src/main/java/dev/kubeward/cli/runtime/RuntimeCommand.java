package dev.kubeward.cli.runtime;

import dev.kubeward.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kubeward runtime}: runtime threat detection commands. */
@Command(name = "runtime", description = "Runtime threat detection: replay recorded events through the detections,"
    + " raise test alerts, list and retry failed batches.")
public class RuntimeCommand extends GroupCommand {}
