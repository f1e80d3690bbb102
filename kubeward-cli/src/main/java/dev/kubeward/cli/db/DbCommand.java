package dev.kubeward.cli.db;

import dev.kubeward.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kubeward db}: the vulnerability database (update, import, bundle, status). */
@Command(name = "db", description = "Manage the vulnerability database: update, import, bundle, status.")
public class DbCommand implements Runnable, CliCommand {
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
