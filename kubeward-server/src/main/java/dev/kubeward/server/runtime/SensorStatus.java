package dev.kubeward.server.runtime;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.status.CapabilityStatus;
import dev.kubeward.server.status.CapabilityStatus.State;
import dev.kubeward.server.status.ClusterStatusContributor;
import dev.kubeward.server.workspace.Cluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The runtime sensor line of a cluster's status: which sensors post events and when they last did; "sensor silent"
 * once nothing arrived for {@value RuntimeSettings#SILENT_MINUTES} minutes; "not evaluated" when batches were refused
 * because the queue was full (the sensor may have dropped them), processing failed, or batches were set aside after
 * failing every processing attempt (their events were never evaluated; while they are stored the line names the last
 * one and its error) — a note above the alerts, which still show.
 */
@Component
public class SensorStatus implements ClusterStatusContributor {
  static final String CAPABILITY = "sensor";
  static final String LABEL = "Runtime sensor";

  private final RuntimeEventStore store;
  // A provider, looked up when a status is asked for: the pipeline depends (through the inventory, the job queue and
  // the sync jobs) on compliance, which itself asks this class whether a sensor reports.
  private final org.springframework.beans.factory.ObjectProvider<RuntimePipelineService> pipeline;
  private final Clock clock;

  SensorStatus(RuntimeEventStore store, org.springframework.beans.factory.ObjectProvider<RuntimePipelineService> pipeline,
      Clock clock) {
    this.store = store;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  @Override
  public List<CapabilityStatus> status(Cluster cluster, EffectiveSettings settings) {
    var component = settings.component(ProtectionComponent.SENSOR);
    if (!component.active()) {
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.COMPONENT_OFF, component.reason(), null));
    }
    List<RuntimeEventStore.SensorRow> sensors = store.sensors(cluster.id());
    if (sensors.isEmpty()) {
      // Not "pending": the tab must still list alerts (test alerts, or alerts from a sensor since removed).
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED,
          "no sensor has posted events yet; point the audit webhook, Falco or Tetragon at /api/v1/ingest/runtime/"
              + "{format} with an ingestion token of this cluster", null));
    }
    Instant now = clock.instant();
    Duration silentAfter = Duration.ofMinutes(settings.integer(RuntimeSettings.SILENT_MINUTES));
    Instant last = null;
    long throttled = 0;
    long rejected = 0;
    long failedEver = 0;
    List<String> parts = new ArrayList<>();
    for (RuntimeEventStore.SensorRow s : sensors) {
      if (s.lastBatchAt() != null && (last == null || s.lastBatchAt().isAfter(last))) {
        last = s.lastBatchAt();
      }
      throttled += s.throttledBatches();
      rejected += s.rejectedBatches();
      failedEver += s.failedBatches();
      parts.add(s.format() + ": " + s.events() + " events in " + s.batches() + " batches");
    }
    String summary = String.join("; ", parts);
    var failure = pipeline.getObject().failure(cluster.id());
    long failedStored = store.failedCount(cluster.id());
    if (failedStored > 0) {
      // A permanent gap in what was evaluated, so a problem for as long as the batches are kept (or until a retry
      // processes them), not only while recent.
      RuntimeEventStore.SensorRow lastFailed = sensors.stream().filter(s -> s.lastFailureAt() != null)
          .max(java.util.Comparator.comparing(RuntimeEventStore.SensorRow::lastFailureAt)).orElse(null);
      String lastWhy = lastFailed == null ? ""
          : " Last (" + lastFailed.format() + "): " + lastFailed.lastFailure() + ".";
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED, failedStored + " failed batch(es):"
          + " set aside after failing every processing attempt, their events were not evaluated; they stay stored"
          + " (GET /api/v1/clusters/" + cluster.id() + "/runtime/failed-batches lists them, POST .../{batchId}/retry"
          + " processes one again)." + lastWhy + failure.map(f -> " Now: " + f.message() + ".").orElse("") + " "
          + summary, lastFailed == null ? last : lastFailed.lastFailureAt()));
    }
    if (failure.isPresent()) {
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED, failure.get().message(),
          failure.get().at()));
    }
    Instant recentThrottle = sensors.stream()
        .filter(s -> s.throttledBatches() > 0 && s.lastRejection().contains("429") && s.lastRejectionAt() != null)
        .map(RuntimeEventStore.SensorRow::lastRejectionAt).max(Instant::compareTo).orElse(null);
    // Refusals are a health problem while they are recent; an old burst is history, not a current fault.
    if (recentThrottle != null && recentThrottle.isAfter(now.minus(Duration.ofHours(1)))) {
      long events = sensors.stream().mapToLong(RuntimeEventStore.SensorRow::throttledEvents).sum();
      // Some events were never evaluated; the alerts that exist are still shown, with this note above them.
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED, throttled + " batch(es) (" + events
          + " events) were refused with 429 because the server's queue was full; a sensor that does not retry has"
          + " dropped them. " + summary, last));
    }
    if (last == null || last.plus(silentAfter).isBefore(now)) {
      return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.STALE, "sensor silent: nothing received for more"
          + " than " + silentAfter.toMinutes() + " minutes. " + summary, last));
    }
    return List.of(new CapabilityStatus(CAPABILITY, LABEL, State.OK,
        summary + (rejected > 0 ? "; " + rejected + " malformed batch(es) refused" : "")
            + (failedEver > 0 ? "; " + failedEver + " batch(es) failed processing and were set aside (since deleted"
                + " or retried)" : ""), last));
  }
}
