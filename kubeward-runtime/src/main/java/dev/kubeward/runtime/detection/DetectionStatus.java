package dev.kubeward.runtime.detection;

import dev.kubeward.model.NotEvaluated;
import java.util.Optional;

/**
 * How one detection is doing in an engine: whether it runs, and what it has done.
 *
 * @param detectionId the detection
 * @param enabled whether settings leave it on
 * @param notEvaluated why it cannot run (missing required parameter), if so
 * @param evaluated events its condition was evaluated on
 * @param hits matches
 * @param errors evaluations that failed (counted as no match)
 * @param lastError the last evaluation error, or ""
 * @param stateKeys keys its state holds now (stateful kinds)
 * @param evictions keys evicted because of {@link StateLimits}
 */
public record DetectionStatus(
    String detectionId,
    boolean enabled,
    Optional<NotEvaluated> notEvaluated,
    long evaluated,
    long hits,
    long errors,
    String lastError,
    long stateKeys,
    long evictions) {}
