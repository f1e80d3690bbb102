package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward fix}: apply rules' quick fixes. */
@Command(name = "fix", description = "Apply the quick fixes of misconfiguration rules.")
public class FixCommand implements Runnable, CliCommand {
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
