package dev.kubeward.server.posture;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.FindingsDelta;
import dev.kubeward.posture.LiveEvaluation;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.inventory.ClusterInventory;
import dev.kubeward.server.inventory.ClusterInventoryListener;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Evaluates every loaded cluster with the posture engine and keeps its misconfiguration findings current: a full
 * report when the inventory is (re)loaded or the rules or their parameters change, then, for live clusters, one
 * incremental report per batch of watch events ({@link LiveEvaluation} re-evaluates the changed objects and their
 * dependents; what appeared is reported, what is gone is resolved).
 *
 * <p>Reports go to the findings store in order on one thread, so a burst of watch events never blocks the informers
 * and coalesces into few transactions: changes that arrive while a report is written are merged into the next one.
 */
@Service
public class MisconfigurationScanner implements ClusterInventoryListener {
  private static final Logger log = LoggerFactory.getLogger(MisconfigurationScanner.class);

  private final PostureRules rules;
  private final RuleParameters parameters;
  private final SettingsService settings;
  private final FindingIngestService ingest;
  private final Clock clock;
  private final Map<String, ClusterEvaluation> evaluations = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final ExecutorService reports = daemon("kubeward-posture-reports");
  private final ExecutorService evaluator = daemon("kubeward-posture-evaluator");
  private dev.kubeward.server.metrics.ServerMetrics metrics = dev.kubeward.server.metrics.ServerMetrics.NONE;

  public MisconfigurationScanner(PostureRules rules, RuleParameters parameters, SettingsService settings,
      FindingIngestService ingest, Clock clock) {
    this.rules = rules;
    this.parameters = parameters;
    this.settings = settings;
    this.ingest = ingest;
    this.clock = clock;
  }

  private dev.kubeward.server.inventory.ClusterWriteFence fence;
  private org.springframework.transaction.support.TransactionTemplate tx;

  /**
   * Counts this server's (watch) writes per cluster in the same transaction as the findings, so inventory sync jobs
   * never overwrite them with an older list (see {@link dev.kubeward.server.inventory.ClusterWriteFence}).
   */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void setWriteFence(dev.kubeward.server.inventory.ClusterWriteFence fence,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.fence = fence;
    this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
  }

  /** Where scan and rule evaluation times go. */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void setMetrics(dev.kubeward.server.metrics.ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Why a cluster's evaluation failed, and when. */
  record Failure(String message, Instant at) {}

  /**
   * A cluster under evaluation: its inventory, the engine it was evaluated with and the live evaluation following
   * it, plus the changes not yet written to the findings store.
   */
  public static final class ClusterEvaluation {
    private final Cluster cluster;
    private final ClusterInventory inventory;
    private final PostureEngine engine;
    private final LiveEvaluation live;
    private final Map<String, Map<String, Object>> params;
    private final Instant evaluatedAt;
    private final Map<String, Finding> pendingAdded = new LinkedHashMap<>();
    private final Set<String> pendingGone = new LinkedHashSet<>();
    private boolean flushScheduled;
    private volatile Instant reportedAt;
    private volatile Instant changedAt;
    private volatile Failure reportFailure;

    ClusterEvaluation(Cluster cluster, ClusterInventory inventory, PostureEngine engine, LiveEvaluation live,
        Map<String, Map<String, Object>> params, Instant evaluatedAt) {
      this.cluster = cluster;
      this.inventory = inventory;
      this.engine = engine;
      this.live = live;
      this.params = params;
      this.evaluatedAt = evaluatedAt;
    }

    public ClusterInventory inventory() {
      return inventory;
    }

    public PostureEngine engine() {
      return engine;
    }

    /** The current findings (failures and rule errors). */
    public List<Finding> findings() {
      return live.findings();
    }

    /** The current finding with the engine's key, if the cluster still has it. */
    public Optional<Finding> finding(String key) {
      return live.findings().stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** Kinds the engine could not look at (forbidden by RBAC), never counted as passing. */
    public Map<String, NotEvaluated> notEvaluated() {
      return inventory.inventory().notEvaluatedKinds();
    }

    /** When the whole cluster was last evaluated. */
    public Instant evaluatedAt() {
      return evaluatedAt;
    }

    /** When a watch event last changed the findings (null if none did). */
    public Instant changedAt() {
      return changedAt;
    }

    /** When findings were last written to the store (null before the first report). */
    public Instant reportedAt() {
      return reportedAt;
    }

    Optional<Failure> reportFailure() {
      return Optional.ofNullable(reportFailure);
    }
  }

  /** The cluster's evaluation, if its inventory is loaded and was evaluated. */
  public Optional<ClusterEvaluation> evaluation(String clusterId) {
    return Optional.ofNullable(evaluations.get(clusterId));
  }

  /** The ids of the clusters that currently have an evaluation. */
  public Set<String> evaluatedClusters() {
    return Set.copyOf(evaluations.keySet());
  }

  /** Why the last evaluation of a cluster failed, if it did. */
  Optional<Failure> failure(String clusterId) {
    return Optional.ofNullable(failures.get(clusterId));
  }

  @Override
  public void inventoryLoaded(Cluster cluster, ClusterInventory inventory) {
    evaluate(cluster, inventory, false);
  }

  @Override
  public void inventoryDropped(String clusterId) {
    synchronized (lock(clusterId)) {
      ClusterEvaluation previous = evaluations.remove(clusterId);
      if (previous != null) {
        previous.live.close();
      }
    }
  }

  /**
   * Evaluates the whole cluster with the current rules and parameters, replaces its live evaluation and writes the
   * full report; returns once the findings are stored.
   *
   * @param onlyIfCurrent for re-evaluations: skip when the cluster's inventory is no longer this one
   */
  void evaluate(Cluster cluster, ClusterInventory inventory, boolean onlyIfCurrent) {
    metrics.scan("misconfiguration", () -> {
      evaluateNow(cluster, inventory, onlyIfCurrent);
      return null;
    });
  }

  private void evaluateNow(Cluster cluster, ClusterInventory inventory, boolean onlyIfCurrent) {
    String id = cluster.id();
    Future<?> written;
    synchronized (lock(id)) {
      ClusterEvaluation current = evaluations.get(id);
      if (onlyIfCurrent && (current == null || current.inventory != inventory)) {
        // Re-evaluating (rules or parameters changed) an inventory that was replaced or dropped meanwhile.
        return;
      }
      ClusterEvaluation ev;
      try {
        Map<String, Map<String, Object>> params = parameters.values(settings.effective(id));
        RuleSet ruleSet = rules.ruleSet();
        PostureEngine engine = new PostureEngine(ruleSet, EngineOptions.defaults().withParams(params));
        LiveEvaluation live = metrics.ruleEvaluation("posture", () -> LiveEvaluation.attach(inventory.inventory(), engine));
        ev = new ClusterEvaluation(cluster, inventory, engine, live, params, clock.instant());
        // Registered before the full report takes its snapshot, so no change falls between the two.
        live.onChange(delta -> queue(ev, delta));
      } catch (RuntimeException e) {
        log.error("cannot evaluate the misconfigurations of cluster {}", cluster.name(), e);
        metrics.scanFailed("misconfiguration");
        failures.put(id, new Failure("evaluation failed: " + e.getMessage(), clock.instant()));
        return;
      }
      failures.remove(id);
      ClusterEvaluation previous = evaluations.put(id, ev);
      if (previous != null) {
        previous.live.close();
      }
      written = reports.submit(() -> fullReport(ev));
    }
    await(written, cluster.name());
  }

  /** Re-evaluates some objects of a cluster now and waits until the change is stored (after a quick fix). */
  void reevaluate(String clusterId, Set<ResourceRef> refs) {
    ClusterEvaluation ev = evaluations.get(clusterId);
    if (ev == null) {
      return;
    }
    FindingsDelta delta = ev.live.reevaluate(refs);
    if (!delta.isEmpty()) {
      queue(ev, delta);
    }
    flush();
  }

  /** Waits until every change queued so far is in the findings store. */
  void flush() {
    await(reports.submit(() -> { }), "pending changes");
  }

  private void fullReport(ClusterEvaluation ev) {
    if (evaluations.get(ev.cluster.id()) != ev) {
      return;
    }
    List<Finding> current = ev.live.findings();
    RuleSet ruleSet = ev.engine.rules();
    List<ReportedFinding> reported = new ArrayList<>(current.size());
    current.forEach(f -> reported.add(MisconfigurationFindings.reported(f, ruleSet)));
    write(ev, () -> ingest.report(FindingReport.full(ev.cluster.id(), FindingKind.MISCONFIGURATION,
        MisconfigurationFindings.SOURCE), reported));
  }

  private void queue(ClusterEvaluation ev, FindingsDelta delta) {
    synchronized (ev) {
      for (Finding f : delta.removed()) {
        ev.pendingAdded.remove(f.key());
        ev.pendingGone.add(f.key());
      }
      for (Finding f : delta.added()) {
        ev.pendingGone.remove(f.key());
        ev.pendingAdded.put(f.key(), f);
      }
      if (!ev.flushScheduled) {
        ev.flushScheduled = true;
        reports.submit(() -> flushPending(ev));
      }
    }
  }

  private void flushPending(ClusterEvaluation ev) {
    List<Finding> added;
    List<String> gone;
    synchronized (ev) {
      added = List.copyOf(ev.pendingAdded.values());
      gone = List.copyOf(ev.pendingGone);
      ev.pendingAdded.clear();
      ev.pendingGone.clear();
      ev.flushScheduled = false;
    }
    if (evaluations.get(ev.cluster.id()) != ev || (added.isEmpty() && gone.isEmpty())) {
      return;
    }
    RuleSet ruleSet = ev.engine.rules();
    List<ReportedFinding> reported = added.stream().map(f -> MisconfigurationFindings.reported(f, ruleSet)).toList();
    write(ev, () -> ingest.report(FindingReport.incremental(ev.cluster.id(), FindingKind.MISCONFIGURATION,
        MisconfigurationFindings.SOURCE), reported, gone));
    ev.changedAt = clock.instant();
  }

  private void write(ClusterEvaluation ev, Runnable report) {
    try {
      if (fence == null) {
        report.run();
      } else {
        tx.executeWithoutResult(s -> {
          fence.recordWatchWrite(ev.cluster.id());
          report.run();
        });
      }
      ev.reportedAt = clock.instant();
      ev.reportFailure = null;
    } catch (RuntimeException e) {
      log.error("cannot store the misconfigurations of cluster {}", ev.cluster.name(), e);
      ev.reportFailure = new Failure("storing the findings failed: " + e.getMessage(), clock.instant());
    }
  }

  /** Custom rules changed: every cluster is evaluated again, in the background. */
  @EventListener
  void rulesChanged(RulesChangedEvent event) {
    List<ClusterEvaluation> all = List.copyOf(evaluations.values());
    evaluator.submit(() -> all.forEach(ev -> evaluate(ev.cluster, ev.inventory, true)));
  }

  /** Follows rule parameter settings: a cluster whose parameters changed is evaluated again. */
  @Scheduled(fixedDelayString = "${kubeward.posture.reconcile-interval:30s}",
      initialDelayString = "${kubeward.posture.reconcile-interval:30s}")
  public void reconcile() {
    for (ClusterEvaluation ev : List.copyOf(evaluations.values())) {
      try {
        if (!parameters.values(settings.effective(ev.cluster.id())).equals(ev.params)) {
          evaluator.submit(() -> evaluate(ev.cluster, ev.inventory, true));
        }
      } catch (RuntimeException e) {
        // A cluster deleted meanwhile: its inventory is dropped by the inventory service.
        log.debug("skipping cluster {}: {}", ev.cluster.name(), e.getMessage());
      }
    }
  }

  private Object lock(String clusterId) {
    return locks.computeIfAbsent(clusterId, k -> new Object());
  }

  private static void await(Future<?> f, String what) {
    try {
      f.get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.error("writing misconfigurations of {} did not finish", what, e);
    }
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  @PreDestroy
  void close() {
    reports.shutdownNow();
    evaluator.shutdownNow();
    evaluations.values().forEach(ev -> ev.live.close());
    evaluations.clear();
  }
}
