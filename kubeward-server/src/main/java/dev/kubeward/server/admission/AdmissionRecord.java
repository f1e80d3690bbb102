package dev.kubeward.server.admission;

import java.time.Instant;
import java.util.List;

/**
 * A stored admission decision: a denial, a request audit mode would have denied, or a fallback answer.
 *
 * @param mode {@code enforce} or {@code audit}
 * @param allowed what the API server was told
 * @param fallback why the fail-open/fail-closed answer was given, or ""
 * @param reasons why it was (or would have been) denied
 */
public record AdmissionRecord(long id, String clusterId, String requestUid, String operation, String kind,
    String namespace, String name, String mode, boolean allowed, String fallback, List<String> reasons,
    List<String> warnings, boolean dryRun, Instant decidedAt) {}
