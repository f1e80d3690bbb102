package dev.kubeward.cli;

import dev.kubeward.model.ProgressListener;
import java.io.PrintWriter;

/**
 * Shows engine progress on standard error, overwriting one line, but only on a terminal: in a pipeline, in CI logs
 * or with {@code --quiet}, commands print nothing but their result.
 */
public final class ConsoleProgress implements ProgressListener {
  private final PrintWriter err;
  private long lastPrint;
  private String lastTask = "";

  private ConsoleProgress(PrintWriter err) {
    this.err = err;
  }

  /** A listener for a command: silent unless standard error is a terminal and {@code quiet} is off. */
  public static ProgressListener forCommand(boolean quiet) {
    return create(quiet, System.console() != null, new PrintWriter(System.err, true));
  }

  static ProgressListener create(boolean quiet, boolean terminal, PrintWriter err) {
    return quiet || !terminal ? ProgressListener.NONE : new ConsoleProgress(err);
  }

  @Override
  public synchronized void progress(String task, long done, long total) {
    long now = System.nanoTime();
    boolean finished = total >= 0 && done >= total;
    // At most ten updates a second; a new task or the end of one is always shown.
    if (!finished && task.equals(lastTask) && now - lastPrint < 100_000_000L) {
      return;
    }
    lastPrint = now;
    lastTask = task;
    String amount = total >= 0 ? done + "/" + total : String.valueOf(done);
    err.print("\r\033[2K" + task + " " + amount);
    if (finished) {
      err.print("\n");
    }
    err.flush();
  }
}
