package dev.kubeward.server.admission;

import java.util.List;

/**
 * The answer to one admission request.
 *
 * @param allowed what the API server is told
 * @param denyReasons why it is (or, in audit mode, would be) denied; empty when nothing calls for a denial
 * @param warnings shown to the user by kubectl, whatever the answer
 * @param mode {@code enforce}, {@code audit}, or {@code off} (components off, exempt, or not evaluated)
 * @param fallback set when the answer is the fail-open/fail-closed one (budget exceeded or evaluation failed)
 */
public record AdmissionDecision(boolean allowed, List<String> denyReasons, List<String> warnings, String mode,
    String fallback) {
  public AdmissionDecision {
    denyReasons = List.copyOf(denyReasons);
    warnings = List.copyOf(warnings);
    fallback = fallback == null ? "" : fallback;
  }

  /** Allowed without comment. */
  public static AdmissionDecision allow(String mode) {
    return new AdmissionDecision(true, List.of(), List.of(), mode, "");
  }

  /** Whether this decision is worth recording: a denial, or one audit mode let through. */
  public boolean recorded() {
    return !denyReasons.isEmpty() || !fallback.isEmpty();
  }
}
