package dev.kubeward.cli.db;

import dev.kubeward.model.ProgressListener;
import picocli.CommandLine.Model.CommandSpec;

/** Progress on standard error, only on a terminal and without --quiet. */
final class Progress {
  private Progress() {}

  static ProgressListener of(CommandSpec spec, boolean quiet) {
    if (quiet || System.console() == null) {
      return ProgressListener.NONE;
    }
    return (task, done, total) -> spec.commandLine().getErr().printf("\r%-70s", task).flush();
  }
}
