package dev.kubeward.model;

/**
 * Receives progress of long-running work (pulling layers, importing advisories). Engines report; the CLI decides
 * whether to show it (only on a terminal, never with {@code --quiet}).
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = (task, done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units of {@code task} are finished.
   *
   * @param total the total, or -1 when unknown
   */
  void progress(String task, long done, long total);
}
