package dev.kubeward.server.jobs;

import java.util.Objects;

/**
 * What a handler returns for a job it completed.
 *
 * @param json stored as the job's result (may be null)
 * @param write the handler's own database writes for this result; run in the transaction that completes the job,
 *     which commits only if this runner still holds the lease. A runner that lost its lease (another took the job
 *     over) therefore never writes a second result. Writes a handler makes elsewhere must be idempotent.
 */
public record JobResult(String json, Runnable write) {
  public JobResult {
    Objects.requireNonNull(write, "write");
  }

  /** A result with nothing to write besides the job's own result. */
  public static JobResult of(String json) {
    return new JobResult(json, () -> {});
  }

  /** A result whose writes commit together with the job's completion. */
  public static JobResult writing(String json, Runnable write) {
    return new JobResult(json, write);
  }
}
