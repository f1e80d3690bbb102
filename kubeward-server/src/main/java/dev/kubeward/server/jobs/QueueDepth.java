package dev.kubeward.server.jobs;

/**
 * How many jobs of one type are in each state.
 *
 * @param due queued or failed jobs whose run time has come (waiting for a free runner)
 * @param waiting queued or failed jobs not yet due (retries in backoff, scheduled work)
 * @param running leased jobs (including ones whose lease expired and that wait to be taken over)
 * @param failed failed jobs waiting to be retried (also counted in {@code due} or {@code waiting})
 * @param dead given up
 * @param done completed
 */
public record QueueDepth(String type, long due, long waiting, long running, long failed, long dead, long done) {
  /** Jobs still to do. */
  public long active() {
    return due + waiting + running;
  }
}
