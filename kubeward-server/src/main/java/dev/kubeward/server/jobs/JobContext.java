package dev.kubeward.server.jobs;

/** What a handler sees of the job it runs. */
public interface JobContext {
  /** The job as claimed (its attempts include this one). */
  Job job();

  /** The job's payload JSON. */
  default String payload() {
    return job().payload();
  }

  /**
   * False once the lease was lost (a heartbeat found the job taken over or the queue unreachable past the lease).
   * Long handlers check it between steps and stop early; their result would not be accepted anyway.
   */
  boolean leaseHeld();
}
