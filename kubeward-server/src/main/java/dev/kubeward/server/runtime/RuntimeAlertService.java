package dev.kubeward.server.runtime;

import dev.kubeward.model.FindingKind;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.alert.RiskAdjuster;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.pipeline.AlertChange;
import dev.kubeward.runtime.suppression.SuppressionRule;
import dev.kubeward.runtime.suppression.Suppressions;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.FindingStatus;
import dev.kubeward.server.findings.FindingWriter;
import dev.kubeward.server.findings.ReportedFinding;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns detection hits into stored alerts with the rules of {@code kubeward-runtime}'s {@code AlertBook}, but with the
 * database as the book: a hit merges into the open alert with its dedup key (count, last seen, evidence; the status
 * stays), otherwise a new alert is created, risk-assessed and checked against the suppression rules — created
 * Dismissed, naming the rule, when one matches. Every alert is also an ALERT finding (source {@code runtime}), whose
 * row holds the status and its history; the findings bar and exports follow by themselves.
 */
@Service
public class RuntimeAlertService {
  private final RuntimeAlertStore alerts;
  private final RuntimePolicyStore policies;
  private final FindingIngestService ingest;
  private final FindingDao findingDao;
  private final FindingWriter writer;
  private final IdGenerator ids;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final List<Consumer<List<AlertChange>>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Consumer<List<AlertChange>>> transactionalListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Suppressions suppressions;
  private volatile long suppressionsVersion = -1;
  private final RiskAdjuster risk = RiskAdjuster.SEVERITY_ONLY;
  private final OpenAlertCache cache;
  // Set while a batch's new alerts are dismissed by a matching suppression rule (see recordingNewAlerts).
  private static final ThreadLocal<Boolean> RECORDING_NEW = ThreadLocal.withInitial(() -> false);

  public RuntimeAlertService(RuntimeAlertStore alerts, RuntimePolicyStore policies, FindingIngestService ingest,
      FindingDao findingDao, FindingWriter writer, IdGenerator ids, Clock clock,
      PlatformTransactionManager transactions, OpenAlertCache cache) {
    this.cache = cache;
    this.alerts = alerts;
    this.policies = policies;
    this.ingest = ingest;
    this.findingDao = findingDao;
    this.writer = writer;
    this.ids = ids;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Registers a consumer of alert changes, called after the changes are committed. */
  public void onChanges(Consumer<List<AlertChange>> listener) {
    changeListeners.add(listener);
  }

  /**
   * Registers a consumer of alert changes that writes to the database (the SIEM outbox): when a batch's hits are
   * recorded it is called inside that transaction, so its writes commit together with the alerts and the batch's
   * "processed" mark — a crash cannot leave alerts that were never streamed, nor stream a batch twice. If it throws,
   * the batch rolls back and is processed again later. Status changes (the alerts or findings API, suppression rules
   * applied) do not come here: they are findings changes, streamed by {@link SiemStatusListener} inside their own
   * transaction.
   */
  public void onChangesInTransaction(Consumer<List<AlertChange>> listener) {
    transactionalListeners.add(listener);
  }

  /**
   * What one batch's hits changed, known to the caller's transaction only: {@link #committed} makes it known to the
   * cache and the listeners once that transaction committed, {@link #rolledBack} forgets it when it did not.
   */
  public record Recorded(String clusterId, List<AlertChange> changes, Map<String, Long> findingIds) {
    static final Recorded NONE = new Recorded("", List.of(), Map.of());
  }

  /** Records the hits of one batch of one cluster in one transaction of its own; returns what changed. */
  public List<AlertChange> record(String clusterId, List<DetectionHit> hits) {
    Recorded r;
    try {
      r = tx.execute(status -> recordInCurrentTransaction(clusterId, hits));
    } catch (RuntimeException e) {
      rolledBack();
      throw e;
    }
    committed(r);
    return r.changes();
  }

  /**
   * Records the hits of one batch of one cluster in the caller's transaction, so that the alerts commit together with
   * whatever else the caller writes (the batch's "processed" mark): a batch's alerts are then written exactly once.
   * The caller must call {@link #committed} after the commit, or {@link #rolledBack} when the transaction failed.
   */
  public Recorded recordInCurrentTransaction(String clusterId, List<DetectionHit> hits) {
    if (hits.isEmpty()) {
      return Recorded.NONE;
    }
    Map<String, Long> findingIds = new LinkedHashMap<>();
    List<AlertChange> changes = recordInTx(clusterId, hits, findingIds);
    for (Consumer<List<AlertChange>> l : transactionalListeners) {
      l.accept(changes);
    }
    return new Recorded(clusterId, changes, findingIds);
  }

  /** Remembers committed open alerts and tells the listeners (streaming) about the changes. */
  public void committed(Recorded r) {
    for (AlertChange c : r.changes()) {
      Long fid = r.findingIds().get(c.alert().id());
      if (fid != null && c.alert().status() != AlertStatus.RESOLVED) {
        cache.put(r.clusterId(), c.alert(), fid);
      }
    }
    tell(changeListeners, r.changes());
  }

  /** Nothing of the transaction was committed; what the cache holds may be ahead of the database now. */
  public void rolledBack() {
    cache.clear();
  }

  private List<AlertChange> recordInTx(String clusterId, List<DetectionHit> hits, Map<String, Long> findingIds) {
    Instant now = clock.instant();
    Suppressions rules = currentSuppressions();
    Map<String, Alert> touched = new LinkedHashMap<>();
    Map<String, Boolean> created = new LinkedHashMap<>();
    Map<String, Alert> byKey = new LinkedHashMap<>();
    for (DetectionHit hit : hits) {
      String key = Alert.dedupKey(hit);
      Alert current = byKey.get(key);
      if (current == null) {
        Optional<OpenAlertCache.Entry> c = cache.get(clusterId, key);
        if (c.isPresent()) {
          current = c.get().alert();
          findingIds.put(current.id(), c.get().findingId());
        } else {
          Optional<RuntimeAlertStore.StoredAlert> stored = alerts.openByDedupKey(clusterId, key);
          if (stored.isPresent()) {
            current = stored.get().alert();
            if (stored.get().findingId() != null) {
              findingIds.put(current.id(), stored.get().findingId());
            }
          }
        }
      }
      Alert next;
      if (current != null) {
        next = current.withOccurrence(hit);
      } else {
        next = Alert.open(hit, ids.newId());
        Optional<RiskAdjuster.Assessment> assessed = risk.assess(next);
        if (assessed.isPresent()) {
          next = next.withRisk(assessed.get().risk(), assessed.get().reason());
        }
        next = rules.applyToNew(next, now);
        created.put(next.id(), true);
      }
      byKey.put(key, next);
      touched.put(next.id(), next);
    }
    List<ReportedFinding> reported = new ArrayList<>();
    for (Alert a : touched.values()) {
      if (created.containsKey(a.id())) {
        alerts.insert(a, findingKey(a));
      } else {
        alerts.update(a);
      }
      reported.add(finding(a));
    }
    ingest.report(FindingReport.incremental(clusterId, FindingKind.ALERT, RuntimeAlertStore.SOURCE), reported);
    List<AlertChange> changes = new ArrayList<>();
    for (Alert a : touched.values()) {
      boolean isNew = created.containsKey(a.id());
      if (isNew) {
        long findingId = alerts.findingId(clusterId, findingKey(a))
            .orElseThrow(() -> new IllegalStateException("the finding of alert " + a.id() + " was not stored"));
        alerts.linkFinding(a.id(), findingId);
        findingIds.put(a.id(), findingId);
        if (a.status() == AlertStatus.DISMISSED) {
          var f = findingDao.find(findingId).orElseThrow();
          if (f.status() != FindingStatus.DISMISSED) {
            // The actor names the rule ("suppression:<id>"), so the finding's history says why it is dismissed.
            RECORDING_NEW.set(true);
            try {
              writer.apply(List.of(FindingWriter.Change.of(f, a.statusReason()).withStatus(FindingStatus.DISMISSED)),
                  a.statusChangedBy());
            } finally {
              RECORDING_NEW.set(false);
            }
          }
        }
      }
      changes.add(new AlertChange(isNew ? AlertChange.Change.CREATED : AlertChange.Change.UPDATED, a));
    }
    return changes;
  }

  /**
   * True while this thread dismisses alerts it is creating (a suppression rule matched them): their
   * {@code alert.created} message already says Dismissed, so {@link SiemStatusListener} does not stream it again.
   */
  static boolean recordingNewAlerts() {
    return RECORDING_NEW.get();
  }

  /**
   * Applies a suppression rule to the open alerts it matches (on request): they become Dismissed, naming the rule.
   * Their SIEM messages are written in the same transaction (through the findings change, see
   * {@link SiemStatusListener}).
   *
   * @return the alerts dismissed
   */
  public List<Alert> applyToExisting(SuppressionRule rule) {
    List<Alert> changed = tx.execute(status -> {
      Instant now = clock.instant();
      List<RuntimeAlertStore.StoredAlert> open = alerts.open(100_000);
      List<Alert> dismissed = Suppressions.applyToExisting(rule, open.stream().map(RuntimeAlertStore.StoredAlert::alert)
          .toList(), now);
      Map<String, RuntimeAlertStore.StoredAlert> byId = new TreeMap<>();
      open.forEach(s -> byId.put(s.alert().id(), s));
      List<FindingWriter.Change> updates = new ArrayList<>();
      for (Alert a : dismissed) {
        alerts.update(a);
        Long fid = byId.get(a.id()).findingId();
        if (fid != null) {
          findingDao.find(fid).ifPresent(f -> updates.add(
              FindingWriter.Change.of(f, a.statusReason()).withStatus(FindingStatus.DISMISSED)));
        }
      }
      writer.apply(updates, "suppression:" + rule.id());
      return dismissed;
    });
    publish(changed.stream().map(a -> new AlertChange(AlertChange.Change.UPDATED, a)).toList());
    return changed;
  }

  /**
   * Tells the {@link #onChanges} listeners about committed status changes; a failing listener never undoes them.
   * The SIEM outbox rows of those changes were written in their transaction already.
   */
  public void publish(List<AlertChange> changes) {
    tell(changeListeners, changes);
  }

  private static void tell(List<Consumer<List<AlertChange>>> listeners, List<AlertChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (Consumer<List<AlertChange>> l : listeners) {
      try {
        l.accept(changes);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(RuntimeAlertService.class)
            .warn("an alert listener failed: {}", e.getMessage());
      }
    }
  }

  private Suppressions currentSuppressions() {
    long v = policies.suppressionVersion();
    if (suppressions == null || v != suppressionsVersion) {
      suppressions = new Suppressions(policies.suppressionRules());
      suppressionsVersion = v;
    }
    return suppressions;
  }

  /** The key of an alert's finding: one finding per alert. */
  static String findingKey(Alert a) {
    return "alert:" + a.id();
  }

  static ReportedFinding finding(Alert a) {
    String workload = a.entity(EntityType.WORKLOAD);
    String kind = "";
    String name = workload;
    String[] parts = workload.split("/");
    if (parts.length == 3) {
      kind = parts[1];
      name = parts[2];
    } else if (parts.length == 2) {
      kind = parts[0];
      name = parts[1];
    }
    if (workload.isEmpty()) {
      String resource = a.entity(EntityType.RESOURCE);
      name = resource;
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("alertId", a.id());
    attributes.put("detection", a.detectionId());
    // The compliance controls the alert counts against (its ATT&CK technique's), labelled like misconfigurations'.
    List<String> controls = dev.kubeward.posture.ControlMapping.installed().controlsFor(a.detectionId());
    if (!controls.isEmpty()) {
      attributes.put("controls", controls);
    }
    attributes.put("confidence", a.confidence().label());
    attributes.put("count", a.count());
    attributes.put("lastSeen", a.lastSeen().toString());
    if (!a.mitre().unmapped()) {
      attributes.put("mitre", a.mitre().techniqueId() + " " + a.mitre().technique());
    }
    if (!a.entity(EntityType.USER).isEmpty()) {
      attributes.put("user", a.entity(EntityType.USER));
    }
    if (!a.commandLine().isEmpty()) {
      attributes.put("commandLine", a.commandLine());
    }
    if (a.test()) {
      attributes.put("test", true);
    }
    return ReportedFinding.builder(a.detectionId(), a.title(), a.severity())
        .key(findingKey(a))
        .details(a.description())
        .risk(a.risk())
        .resource(a.entity(EntityType.NAMESPACE), kind, name)
        .container(a.entity(EntityType.CONTAINER))
        .image(a.entity(EntityType.IMAGE), "")
        .attributes(attributes)
        .build();
  }
}
