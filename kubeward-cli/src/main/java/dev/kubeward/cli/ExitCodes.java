package dev.kubeward.cli;

/** The exit codes of every command, so pipelines can rely on them. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Success, and no findings at or above {@code --fail-on}. */
  public static final int OK = 0;
  /** Findings at or above the {@code --fail-on} threshold. */
  public static final int FINDINGS = 1;
  /** A usage or input error: bad options, a missing or unreadable file; a one-line message says which. */
  public static final int USAGE = 2;
  /** An unexpected internal error; the message and, with {@code --debug}, the stack trace are on standard error. */
  public static final int INTERNAL = 3;
}
