package dev.kubeward.server.jobs;

import java.util.Locale;

/** Where a job is in its life. {@link #QUEUED}, {@link #RUNNING} and {@link #FAILED} are active (still to do). */
public enum JobStatus {
  /** Waiting for its next run time. */
  QUEUED,
  /** Leased by a runner until the lease expires. */
  RUNNING,
  /** The last attempt failed; it is tried again at its next run time. */
  FAILED,
  /** Completed; the result is stored. */
  DONE,
  /** Given up: attempts exhausted or a permanent failure. The reason is stored. */
  DEAD;

  /** The value in the {@code status} column. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the job is still to do (the dedup key is taken while it is). */
  public boolean active() {
    return this == QUEUED || this == RUNNING || this == FAILED;
  }

  public static JobStatus fromColumn(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
