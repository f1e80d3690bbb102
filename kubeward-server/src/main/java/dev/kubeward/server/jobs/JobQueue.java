package dev.kubeward.server.jobs;

import dev.kubeward.server.jobs.internal.JobDao;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Puts work in the queue and tells what is in it. Enqueueing is safe inside the caller's transaction (the job is
 * visible to runners when that commits) and idempotent: the same type and key are queued once while still to do.
 */
@Service
public class JobQueue {
  private static final int DEFAULT_MAX_ATTEMPTS = 5;

  private final JobDao dao;
  private final JobHandlers handlers;
  private final Clock clock;

  public JobQueue(JobDao dao, JobHandlers handlers, Clock clock) {
    this.dao = dao;
    this.handlers = handlers;
    this.clock = clock;
  }

  /**
   * The outcome of {@link #enqueue}.
   *
   * @param id the job doing the work
   * @param created false when an active job with the same type and key already existed (nothing was added)
   */
  public record Enqueued(long id, boolean created) {}

  /** Queues work due now. */
  public Enqueued enqueue(String type, String dedupKey, String payloadJson) {
    return enqueue(type, dedupKey, payloadJson, clock.instant());
  }

  /**
   * Queues work due at {@code runAt}, tried as often as its handler's {@link JobHandler#maxAttempts()} allows.
   *
   * @param dedupKey identifies the work within its type (e.g. an image digest); at most 500 characters
   * @param payloadJson what the handler reads; at most 64 KiB
   */
  public Enqueued enqueue(String type, String dedupKey, String payloadJson, Instant runAt) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(payloadJson, "payloadJson");
    if (type.isBlank() || type.length() > 100) {
      throw new IllegalArgumentException("job type must be 1 to 100 characters");
    }
    if (dedupKey.length() > 500) {
      throw new IllegalArgumentException("job dedup key longer than 500 characters");
    }
    if (payloadJson.length() > JobDao.MAX_RESULT) {
      throw new IllegalArgumentException("job payload larger than " + JobDao.MAX_RESULT + " characters");
    }
    int maxAttempts = handlers.get(type).map(JobHandler::maxAttempts).orElse(DEFAULT_MAX_ATTEMPTS);
    // The active job may finish between a conflicting insert and the lookup: then the work may be queued again.
    for (int i = 0; i < 5; i++) {
      Instant now = clock.instant();
      boolean created = dao.insertIfAbsent(type, dedupKey, payloadJson, maxAttempts, runAt, now);
      Optional<Job> active = dao.findActive(type, dedupKey);
      if (active.isPresent()) {
        return new Enqueued(active.get().id(), created);
      }
    }
    throw new IllegalStateException("could not enqueue job " + type + "/" + dedupKey + ": it keeps finishing");
  }

  public Optional<Job> find(long id) {
    return dao.find(id);
  }

  /** The active (queued, running or failed) job for this work, if any. */
  public Optional<Job> active(String type, String dedupKey) {
    return dao.findActive(type, dedupKey);
  }

  /** Jobs newest first, optionally of one type and status. */
  public List<Job> list(Optional<String> type, Optional<JobStatus> status, int limit) {
    return dao.list(type, status, Math.max(1, Math.min(limit, 1000)));
  }

  /** Queues a dead job again with fresh attempts; false when it is not dead or the same work is queued already. */
  public boolean retryDead(long id) {
    return dao.requeueDead(id, clock.instant());
  }

  /** How many jobs of each type are in each state (for metrics and the dashboard). */
  public List<QueueDepth> depth() {
    return dao.depth(clock.instant());
  }
}
