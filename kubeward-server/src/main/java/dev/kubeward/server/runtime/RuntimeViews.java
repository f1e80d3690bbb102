package dev.kubeward.server.runtime;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.drift.DriftPolicy;
import dev.kubeward.runtime.drift.LabelSelector;
import dev.kubeward.runtime.event.Entity;
import dev.kubeward.runtime.event.EventRef;
import dev.kubeward.runtime.incident.Incident;
import dev.kubeward.runtime.suppression.SuppressionRule;
import dev.kubeward.server.findings.FindingChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the runtime API. Field names are stable API. */
public final class RuntimeViews {
  private RuntimeViews() {}

  /** An entity an alert involves. */
  public record EntityView(String type, String value) {
    static EntityView of(Entity e) {
      return new EntityView(e.type().wireName(), e.value());
    }
  }

  /** A reference to an evidence event. */
  public record EvidenceView(String id, String source, String kind, Instant time, String raw, String summary) {
    static EvidenceView of(EventRef r) {
      return new EvidenceView(r.id(), r.source() == null ? "" : r.source().wireName(),
          r.kind() == null ? "" : r.kind().wireName(), r.time(), r.raw() == null ? "" : r.raw().toString(),
          r.summary());
    }
  }

  /** ATT&CK mapping. */
  public record MitreView(String tacticId, String tactic, String techniqueId, String technique, String url) {}

  /** A security alert with everything the detail panel shows. */
  public record AlertView(String id, Long findingId, String clusterId, String detection, String title,
      String severity, String confidence, String risk, String riskReason, String status, String statusReason,
      String statusChangedBy, Instant statusChangedAt, String suppressedBy, Instant firstSeen, Instant lastSeen,
      long count, List<EntityView> entities, List<EvidenceView> evidence, String description,
      List<String> recommendedSteps, MitreView mitre, String commandLine, Map<String, String> details,
      boolean test) {

    static AlertView of(RuntimeAlertStore.StoredAlert s, FindingChange lastStatusChange) {
      Alert a = s.alert();
      String by = a.statusChangedBy();
      String reason = a.statusReason();
      Instant at = a.statusChangedAt();
      if (lastStatusChange != null && (at == null || !lastStatusChange.at().isBefore(at))) {
        by = lastStatusChange.actor();
        reason = lastStatusChange.comment() == null ? "" : lastStatusChange.comment();
        at = lastStatusChange.at();
      }
      MitreView mitre = a.mitre() == null || a.mitre().unmapped() ? null
          : new MitreView(a.mitre().tacticId(), a.mitre().tactic(), a.mitre().techniqueId(), a.mitre().technique(),
              a.mitre().techniqueUrl());
      return new AlertView(a.id(), s.findingId(), a.cluster(), a.detectionId(), a.title(), a.severity().label(),
          a.confidence().label(), a.risk().label(), a.riskReason(), a.status().label(), reason, by, at,
          a.suppressedBy(), a.firstSeen(), a.lastSeen(), a.count(),
          a.entities().stream().map(EntityView::of).toList(), a.evidence().stream().map(EvidenceView::of).toList(),
          a.description(), a.recommendedSteps(), mitre, a.commandLine(), a.details(), a.test());
    }
  }

  /** A stored event ("Open logs"). */
  public record EventView(String id, Instant time, String source, String kind, String namespace, String pod,
      String node, String user, String summary, boolean evidence, JsonNode event) {}

  /** Events around an alert. */
  public record EventsAroundView(String alertId, Instant from, Instant to, String scope, int retentionDays,
      boolean truncated, List<EventView> events) {}

  /** The outcome of a status change for one alert. */
  public record StatusResultView(String alertId, String outcome, String message) {}

  /** A suppression rule. */
  public record SuppressionRuleView(String id, String name, List<String> detectionIds, String cluster,
      String namespace, String workload, String image, String user, String process, String commandLine,
      String reason, String author, Instant createdAt, Instant expiresAt, boolean expired, String state) {
    static SuppressionRuleView of(SuppressionRule r, Instant now) {
      return new SuppressionRuleView(r.id(), r.name(), r.detectionIds(), r.cluster(), r.namespace(), r.workload(),
          r.image(), r.user(), r.process(), r.commandLine(), r.reason(), r.author(), r.createdAt(), r.expiresAt(),
          r.expired(now), r.describeState(now));
    }
  }

  /** A label selector requirement. */
  public record RequirementView(String key, String operator, List<String> values) {}

  /** A drift policy. */
  public record DriftPolicyView(String id, String name, String action, List<String> clusters,
      List<String> namespaces, Map<String, String> matchLabels, List<RequirementView> matchExpressions,
      List<String> images, List<String> paths) {
    static DriftPolicyView of(DriftPolicy p) {
      LabelSelector s = p.labelSelector();
      return new DriftPolicyView(p.id(), p.name(), p.action().name().toLowerCase(java.util.Locale.ROOT),
          p.clusters(), p.namespaces(), s.matchLabels(),
          s.matchExpressions().stream().map(r -> new RequirementView(r.key(), r.operator(), r.values())).toList(),
          p.images(), p.paths());
    }
  }

  /** An incident: alerts that share entities within a time window. */
  public record IncidentView(String id, String clusterId, String title, String severity, Instant firstSeen,
      Instant lastSeen, List<String> alertIds, List<EntityView> sharedEntities, List<AlertSummaryView> alerts) {
    static IncidentView of(Incident i, List<AlertSummaryView> alerts) {
      return new IncidentView(i.id(), i.cluster(), i.title(), i.severity().label(), i.firstSeen(), i.lastSeen(),
          i.alertIds(), i.sharedEntities().stream().map(EntityView::of).toList(), alerts);
    }
  }

  /** One line of an alert list. */
  public record AlertSummaryView(String id, Long findingId, String detection, String title, String severity,
      String risk, String status, Instant firstSeen, Instant lastSeen, long count, String namespace,
      String workload, boolean test) {
    static AlertSummaryView of(RuntimeAlertStore.StoredAlert s) {
      Alert a = s.alert();
      return new AlertSummaryView(a.id(), s.findingId(), a.detectionId(), a.title(), a.severity().label(),
          a.risk().label(), a.status().label(), a.firstSeen(), a.lastSeen(), a.count(),
          a.entity(dev.kubeward.runtime.event.EntityType.NAMESPACE),
          a.entity(dev.kubeward.runtime.event.EntityType.WORKLOAD), a.test());
    }
  }

  /** A sensor's health. */
  public record SensorView(String format, Instant firstSeenAt, Instant lastBatchAt, Instant lastEventAt,
      long batches, long events, long rejectedBatches, long throttledBatches, long throttledEvents,
      String lastRejection, Instant lastRejectionAt, boolean silent, long failedBatches, String lastFailure,
      Instant lastFailureAt) {}

  /**
   * A batch set aside after failing all its processing attempts: its events were never evaluated, and it stays stored
   * (its events show in "Open logs") until retention deletes it or a retry processes it.
   */
  public record FailedBatchView(String id, String format, Instant receivedAt, int events, long bytes, int attempts,
      String lastError, Instant failedAt) {
    static FailedBatchView of(RuntimeEventStore.FailedBatch b) {
      return new FailedBatchView(b.id(), b.format(), b.receivedAt(), b.events(), b.bytes(), b.attempts(),
          b.lastError(), b.failedAt());
    }
  }

  /** A built-in detection. */
  public record DetectionView(String id, String title, String severity, String confidence, String kind,
      MitreView mitre, String description, List<String> recommendedSteps, boolean enabled) {}

  /** Pipeline counters. */
  public record PipelineView(int queueCapacity, int queued, long processedEvents, long processedBatches, long hits,
      long alreadyProcessedBatches, long failedAttempts, long failedBatches, double latencyP50Millis, double latencyP99Millis, double latencyMaxMillis) {}
}
