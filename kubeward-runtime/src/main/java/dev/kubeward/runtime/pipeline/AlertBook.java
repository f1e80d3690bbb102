package dev.kubeward.runtime.pipeline;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.alert.RiskAdjuster;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.suppression.Suppressions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Alerts in memory with the deduplication rules the server applies in its database: a hit whose dedup key matches an
 * alert that is not Resolved merges into it (count, last seen, evidence; the status stays, so a Dismissed alert stays
 * quiet); otherwise a new alert is created, risk-assessed and checked against the suppression rules. Used by replays
 * and test alerts, and as the executable specification of those rules.
 */
public final class AlertBook {
  private final Supplier<String> ids;
  private final Suppressions suppressions;
  private final RiskAdjuster risk;
  private final Map<String, Alert> byDedupKey = new LinkedHashMap<>();
  private final Map<String, Alert> byId = new LinkedHashMap<>();

  public AlertBook(Supplier<String> ids, Suppressions suppressions, RiskAdjuster risk) {
    this.ids = ids;
    this.suppressions = suppressions == null ? Suppressions.NONE : suppressions;
    this.risk = risk == null ? RiskAdjuster.SEVERITY_ONLY : risk;
  }

  /** Records a hit at {@code now} (the time suppression expiry is judged by). */
  public synchronized AlertChange record(DetectionHit hit, Instant now) {
    String key = Alert.dedupKey(hit);
    Alert existing = byDedupKey.get(key);
    if (existing != null && existing.status() != AlertStatus.RESOLVED) {
      Alert merged = existing.withOccurrence(hit);
      store(merged);
      return new AlertChange(AlertChange.Change.UPDATED, merged);
    }
    Alert created = Alert.open(hit, ids.get());
    Optional<RiskAdjuster.Assessment> assessed = risk.assess(created);
    if (assessed.isPresent()) {
      created = created.withRisk(assessed.get().risk(), assessed.get().reason());
    }
    created = suppressions.applyToNew(created, now);
    store(created);
    return new AlertChange(AlertChange.Change.CREATED, created);
  }

  /**
   * Changes the status of several alerts at once.
   *
   * @return the changed alerts
   * @throws IllegalArgumentException naming an unknown alert id (nothing is changed then)
   */
  public synchronized List<Alert> changeStatus(List<String> alertIds, AlertStatus status, String by, String reason,
      Instant at) {
    for (String id : alertIds) {
      if (!byId.containsKey(id)) {
        throw new IllegalArgumentException("no alert with id '" + id + "'");
      }
    }
    List<Alert> changed = new ArrayList<>();
    for (String id : alertIds) {
      Alert a = byId.get(id).withStatus(status, by, reason, at);
      store(a);
      changed.add(a);
    }
    return changed;
  }

  /** Replaces alerts with changed copies (after applying a suppression rule to existing alerts). */
  public synchronized void update(List<Alert> alerts) {
    for (Alert a : alerts) {
      if (!byId.containsKey(a.id())) {
        throw new IllegalArgumentException("no alert with id '" + a.id() + "'");
      }
      store(a);
    }
  }

  /** Every alert, in creation order. */
  public synchronized List<Alert> alerts() {
    return List.copyOf(byId.values());
  }

  /** The alert with this id. */
  public synchronized Optional<Alert> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  private void store(Alert a) {
    byId.put(a.id(), a);
    byDedupKey.put(a.dedupKey(), a);
  }
}
