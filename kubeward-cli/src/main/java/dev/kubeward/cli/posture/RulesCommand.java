package dev.kubeward.cli.posture;

import dev.kubeward.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward rules}: list, show and export misconfiguration rules. */
@Command(name = "rules", description = "List, show and export the misconfiguration rules.")
public class RulesCommand implements Runnable, CliCommand {
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
