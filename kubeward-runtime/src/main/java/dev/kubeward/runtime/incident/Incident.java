package dev.kubeward.runtime.incident;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.event.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Alerts that belong together: they share entities (a workload, a pod, a user, a remote address) within a time window,
 * so a Low or Informational alert is seen next to the High one it leads to.
 *
 * @param id stable id, derived from the earliest alert's id
 * @param cluster the cluster
 * @param title one line ("4 alerts on workload shop/Deployment/web")
 * @param severity the highest severity among the alerts
 * @param firstSeen earliest first-seen of the alerts
 * @param lastSeen latest last-seen of the alerts
 * @param alertIds the alerts, earliest first
 * @param sharedEntities the entities that link them
 */
public record Incident(
    String id,
    String cluster,
    String title,
    Severity severity,
    Instant firstSeen,
    Instant lastSeen,
    List<String> alertIds,
    List<Entity> sharedEntities) {

  public Incident {
    Objects.requireNonNull(id, "id");
    alertIds = List.copyOf(alertIds);
    sharedEntities = List.copyOf(sharedEntities);
  }
}
