package dev.kubeward.runtime.drift;

import java.util.Optional;

/**
 * The outcome of checking one process start for drift.
 *
 * @param drift the executable is not part of the container's image
 * @param alert the process should alert (drift, and no policy allows it)
 * @param reason why it is (or is not) drift, in words for the alert
 * @param policy the policy that decided, if any
 */
public record DriftVerdict(boolean drift, boolean alert, String reason, Optional<DriftPolicy> policy) {
  /** Not drift. */
  public static DriftVerdict none(String reason) {
    return new DriftVerdict(false, false, reason, Optional.empty());
  }
}
