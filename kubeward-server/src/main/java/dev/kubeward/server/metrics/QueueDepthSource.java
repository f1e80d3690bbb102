package dev.kubeward.server.metrics;

/**
 * The hook a job queue implements (as a Spring bean) to publish its depth as the gauge
 * {@code kubeward_jobs_queue_depth{queue="...",state="..."}}. Kept here so the gauge exists by name before the queue
 * does; {@link DatabaseGauges} finds every bean of this type.
 */
public interface QueueDepthSource {
  /** The queue's name, a label value (e.g. {@code scans}). */
  String queue();

  /**
   * Jobs per state right now (e.g. {@code queued}, {@code running}); read at most every few seconds.
   *
   * @throws RuntimeException when the queue cannot be read (the gauge then shows NaN)
   */
  java.util.Map<String, Long> depthByState();
}
