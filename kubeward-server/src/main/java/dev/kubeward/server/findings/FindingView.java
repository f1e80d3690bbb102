package dev.kubeward.server.findings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A finding as the API and the JSON export show it. */
public record FindingView(
    long id,
    String clusterId,
    String kind,
    String source,
    String key,
    String ruleId,
    String standardId,
    String title,
    String details,
    String severity,
    String risk,
    String status,
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
    Map<String, Object> attributes,
    String owner,
    LocalDate dueDate,
    boolean overdue,
    String exceptionId,
    Ticket ticket,
    Instant firstSeen,
    Instant lastSeen,
    Instant updatedAt) {

  /** The ServiceNow incident opened for the finding. */
  public record Ticket(String number, String url) {}

  @SuppressWarnings("unchecked")
  public static FindingView of(Finding f, LocalDate today, JsonMapper json) {
    Map<String, Object> attributes = f.attributesJson() == null || f.attributesJson().isEmpty() ? Map.of()
        : json.readValue(f.attributesJson(), Map.class);
    return new FindingView(f.id(), f.clusterId(), FindingEnums.kind(f.kind()), f.source(), f.key(), f.ruleId(),
        f.standardId().isEmpty() ? null : f.standardId(), f.title(), f.details(), FindingEnums.severity(f.severity()),
        FindingEnums.risk(f.risk()), f.status().apiName(), f.present(), f.namespace(), f.resourceKind(),
        f.resourceName(), f.container(), f.image(), f.imageDigest(), f.packageName(), f.packageVersion(),
        f.fixedVersion(), attributes, f.owner(), f.dueDate(), f.overdue(today), f.exceptionId(),
        f.ticketNumber() == null ? null : new Ticket(f.ticketNumber(), f.ticketUrl()), f.firstSeen(), f.lastSeen(),
        f.updatedAt());
  }
}
