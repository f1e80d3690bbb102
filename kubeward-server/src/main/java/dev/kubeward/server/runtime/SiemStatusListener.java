package dev.kubeward.server.runtime;

import dev.kubeward.model.FindingKind;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.pipeline.AlertChange;
import dev.kubeward.server.findings.FindingEvent;
import dev.kubeward.server.findings.FindingListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Streams status changes of runtime alerts to the SIEM destinations from inside the transaction that changes the
 * alert's finding — whichever path changed it: the alerts API, the findings API, an exception, or a suppression rule
 * applied to existing alerts. The outbox rows commit with the change or not at all, so a crash between the two cannot
 * lose a message, and a failing outbox write rolls the change back instead of leaving it unstreamed.
 *
 * <p>The dismissal of an alert a suppression rule matched when the alert was created is not streamed again: its
 * {@code alert.created} message already says Dismissed.
 */
@Component
public class SiemStatusListener implements FindingListener {
  private final RuntimeAlertStore alerts;
  // A provider: the finding writer needs its listeners when it is built, and streaming needs the alert service,
  // which needs the finding writer.
  private final ObjectProvider<SiemStreaming> siem;
  private final Clock clock;

  SiemStatusListener(RuntimeAlertStore alerts, ObjectProvider<SiemStreaming> siem, Clock clock) {
    this.alerts = alerts;
    this.siem = siem;
    this.clock = clock;
  }

  @Override
  public void onEvents(List<FindingEvent> events) {
    if (RuntimeAlertService.recordingNewAlerts()) {
      return;
    }
    List<AlertChange> changes = new ArrayList<>();
    for (FindingEvent e : events) {
      if (e.kind() != FindingKind.ALERT || e.type() != FindingEvent.Type.STATUS_CHANGED) {
        continue;
      }
      // Read in the writing transaction: the alert's status comes from its finding row, already changed.
      Optional<RuntimeAlertStore.StoredAlert> stored = alerts.byFinding(e.findingId());
      if (stored.isEmpty()) {
        continue; // an ALERT finding of another source
      }
      Alert a = stored.get().alert();
      if (!Objects.equals(a.statusChangedBy(), e.actor()) && e.actor() != null && !e.actor().isBlank()) {
        // The stored body remembers the pipeline's last change; the message says who changed it now and why.
        a = a.withStatus(a.status(), e.actor(), e.comment() == null ? "" : e.comment(), clock.instant());
      }
      changes.add(new AlertChange(AlertChange.Change.UPDATED, a));
    }
    if (!changes.isEmpty()) {
      siem.getObject().enqueue(changes);
    }
  }
}
