package dev.kubeward.server.jobs;

import java.time.Instant;

/**
 * One row of the job queue.
 *
 * @param type the handler that does it ({@link JobHandler#type()})
 * @param dedupKey identifies the work within its type; enqueueing an active job's key again is a no-op
 * @param payload JSON the handler reads
 * @param attempts attempts started so far (a lease taken over counts as an attempt)
 * @param nextRunAt when a queued or failed job is due
 * @param leaseOwner the runner holding a running job
 * @param leaseExpiresAt when a running job may be taken over unless its owner renews the lease
 * @param result JSON the handler returned, for done jobs
 * @param error why the last attempt failed (failed, dead)
 */
public record Job(long id, String type, String dedupKey, String payload, JobStatus status, int attempts,
    int maxAttempts, Instant nextRunAt, String leaseOwner, Instant leaseExpiresAt, String result, String error,
    Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt) {}
