package dev.kubeward.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A top-level command that only groups subcommands ({@code scan}, {@code db}, {@code rules}, ...): run on its own it
 * prints its usage, listing them. Subclasses only carry the {@code @Command} annotation.
 */
public abstract class GroupCommand implements Runnable, CliCommand {
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
