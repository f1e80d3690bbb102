package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import java.util.Objects;

/**
 * Who reports what: "the findings of {@code kind} that {@code source} sees in {@code clusterId}".
 *
 * @param source the scanner, e.g. {@code posture}, {@code advisories}, {@code runtime}, {@code compliance}; each
 *     source owns its findings, so two scanners never resolve each other's
 * @param mode whether the report is the full current set (missing findings get resolved) or only an increment
 */
public record FindingReport(String clusterId, FindingKind kind, String source, Mode mode) {
  public FindingReport {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mode, "mode");
    if (source == null || source.isBlank() || source.length() > 100) {
      throw new IllegalArgumentException("a report needs a 'source' of 1 to 100 characters");
    }
  }

  /** How a report relates to what was reported before. */
  public enum Mode {
    /**
     * The complete current set: a previously reported finding that is missing is resolved automatically, and one that
     * comes back is reopened. Scanners of state (posture, advisories, compliance) report this way.
     */
    FULL,
    /** Only new or repeated findings; nothing is resolved. Event sources (runtime alerts) report this way. */
    INCREMENTAL
  }

  public static FindingReport full(String clusterId, FindingKind kind, String source) {
    return new FindingReport(clusterId, kind, source, Mode.FULL);
  }

  public static FindingReport incremental(String clusterId, FindingKind kind, String source) {
    return new FindingReport(clusterId, kind, source, Mode.INCREMENTAL);
  }
}
