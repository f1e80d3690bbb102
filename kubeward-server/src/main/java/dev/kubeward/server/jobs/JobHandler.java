package dev.kubeward.server.jobs;

import java.time.Duration;

/**
 * Does the work of one job type. Implementations are Spring beans; the runner finds them in the context (one bean per
 * type; two beans for the same type fail the start). A runner claims only the types it has a handler for, so a worker
 * and a server can run different sets.
 *
 * <p>A handler may run more than once for the same job (its worker died after doing part of it, or lost its lease):
 * writes it makes directly must be idempotent, and writes that must happen once belong in {@link JobResult#write}.
 */
public interface JobHandler {
  /** The job type this handler does, e.g. {@code image-scan}. */
  String type();

  /**
   * Does the work.
   *
   * @throws PermanentJobFailure when retrying cannot help (the job becomes dead)
   * @throws Exception anything else: the attempt failed and the job is retried with backoff until
   *     {@link #maxAttempts()}
   */
  JobResult handle(JobContext context) throws Exception;

  /** Attempts before the job is dead; used when a job is enqueued without its own limit. */
  default int maxAttempts() {
    return 5;
  }

  /** Wait before the attempt after the {@code failedAttempts}-th failure: 30 s doubling, at most one hour. */
  default Duration backoff(int failedAttempts) {
    long seconds = 30L << Math.min(Math.max(failedAttempts - 1, 0), 7);
    return Duration.ofSeconds(Math.min(seconds, 3600));
  }
}
