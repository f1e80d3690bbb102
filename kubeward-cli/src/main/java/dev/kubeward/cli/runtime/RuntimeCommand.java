package dev.kubeward.cli.runtime;

import dev.kubeward.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward runtime}: runtime threat detection commands. */
@Command(name = "runtime", description = "Runtime threat detection: replay recorded events through the detections.")
public class RuntimeCommand implements Runnable, CliCommand {
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
