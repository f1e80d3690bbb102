package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A stored finding with its workflow state, as read from {@code findings}.
 *
 * @param present whether the latest report of its source still contained it
 * @param lastSeen when a report last contained it (for a finding still present: its source's latest full report)
 * @param attributesJson the producer's extra attributes, as JSON text
 */
public record Finding(
    long id,
    String clusterId,
    FindingKind kind,
    String source,
    String key,
    String ruleId,
    String standardId,
    String title,
    String details,
    Severity severity,
    RiskLevel risk,
    FindingStatus status,
    boolean present,
    String namespace,
    String resourceKind,
    String resourceName,
    String container,
    String image,
    String imageDigest,
    String packageName,
    String packageVersion,
    String fixedVersion,
    String attributesJson,
    String owner,
    LocalDate dueDate,
    String exceptionId,
    String ticketNumber,
    String ticketSysId,
    String ticketUrl,
    Instant firstSeen,
    Instant lastSeen,
    Instant updatedAt) {

  /** True when the finding still needs attention and its due date has passed. */
  public boolean overdue(LocalDate today) {
    return dueDate != null && status.unresolved() && dueDate.isBefore(today);
  }

  /** The workload as one string: {@code Kind/namespace/name}, or "" when the finding has no resource. */
  public String resource() {
    if (resourceName.isEmpty()) {
      return "";
    }
    return resourceKind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + resourceName;
  }
}
