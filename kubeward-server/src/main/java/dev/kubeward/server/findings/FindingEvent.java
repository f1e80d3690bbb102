package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import java.time.LocalDate;

/**
 * Something happened to a finding that someone outside Kubeward may need to hear about: it got an owner, or its
 * status changed. Delivered to every {@link FindingListener} inside the writing transaction.
 *
 * @param owner the owner after the change (null when none)
 * @param ticketSysId the ServiceNow incident of the finding, if one was opened
 */
public record FindingEvent(Type type, long findingId, String clusterId, FindingKind kind, String title,
    Severity severity, String resource, String owner, LocalDate dueDate, FindingStatus oldStatus,
    FindingStatus newStatus, String ticketSysId, String actor, String comment) {

  /** What happened. */
  public enum Type {
    /** The owner was set or changed. */
    ASSIGNED,
    /** The status changed. */
    STATUS_CHANGED
  }

  static FindingEvent assigned(Finding f, String owner, LocalDate due, String actor, String comment) {
    return new FindingEvent(Type.ASSIGNED, f.id(), f.clusterId(), f.kind(), f.title(), f.severity(), f.resource(),
        owner, due, f.status(), f.status(), f.ticketSysId(), actor, comment);
  }

  static FindingEvent statusChanged(Finding f, FindingStatus to, String actor, String comment) {
    return new FindingEvent(Type.STATUS_CHANGED, f.id(), f.clusterId(), f.kind(), f.title(), f.severity(),
        f.resource(), f.owner(), f.dueDate(), f.status(), to, f.ticketSysId(), actor, comment);
  }
}
