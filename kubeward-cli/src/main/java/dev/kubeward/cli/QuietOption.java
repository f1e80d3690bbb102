package dev.kubeward.cli;

import dev.kubeward.model.ProgressListener;
import picocli.CommandLine.Option;

/** The {@code --quiet} option, mixed into every long-running command ({@code @Mixin QuietOption quiet;}). */
public final class QuietOption {
  @Option(names = {"-q", "--quiet"}, description = "Print no progress, only the result.")
  boolean quiet;

  /** Progress for this command: on standard error when it is a terminal and --quiet is not given. */
  public ProgressListener progress() {
    return ConsoleProgress.forCommand(quiet);
  }

  public boolean isQuiet() {
    return quiet;
  }
}
