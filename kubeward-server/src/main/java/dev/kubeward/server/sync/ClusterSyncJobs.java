package dev.kubeward.server.sync;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.LiveEvaluation;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.compliance.ComplianceReporter;
import dev.kubeward.server.compliance.ComplianceService;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.inventory.ClusterInventory;
import dev.kubeward.server.inventory.ClusterSnapshots;
import dev.kubeward.server.inventory.ClusterSource;
import dev.kubeward.server.inventory.ClusterSourceDao;
import dev.kubeward.server.inventory.ClusterWriteFence;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.jobs.JobHandler;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.JobResult;
import dev.kubeward.server.metrics.ServerMetrics;
import dev.kubeward.server.posture.MisconfigurationFindings;
import dev.kubeward.server.posture.PostureRules;
import dev.kubeward.server.posture.RuleParameters;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.ClusterDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code cluster-sync} job: lists one cluster afresh (no watch), evaluates every object with the current rules
 * and parameters, assesses the cluster's selected standards on those findings, and writes both as full reports —
 * what is gone is resolved, what came back reopens — in the job's completion transaction, so a sync taken over from a
 * dead worker writes once. The dedup key is the cluster id: one sync per cluster at a time, however many servers
 * queue it.
 *
 * <p>Coherence with a server's live watch ({@link ClusterWriteFence}): the sync notes the watch's write count before
 * it lists; when the watch wrote while the sync listed and evaluated, the sync lists again (up to
 * {@value #MAX_LISTS} times); and it writes only if the count is still the same under the row lock, otherwise it
 * records "superseded" and queues the next sync shortly. A full report from an older list therefore never undoes a
 * newer watch increment.
 */
@Component
public class ClusterSyncJobs implements JobHandler {
  /** The job type. */
  public static final String TYPE = "cluster-sync";
  /** Lists per attempt before giving way to a watch that keeps writing. */
  static final int MAX_LISTS = 3;
  private static final Logger log = LoggerFactory.getLogger(ClusterSyncJobs.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ClusterDao clusters;
  private final ClusterSourceDao sources;
  private final ClusterSnapshots snapshots;
  private final ClusterWriteFence fence;
  private final PostureRules rules;
  private final RuleParameters parameters;
  private final SettingsService settings;
  private final ComplianceService compliance;
  private final ComplianceReporter complianceReporter;
  private final FindingIngestService ingest;
  private final ClusterSyncDao syncs;
  /** Lazily: the queue reads the handlers (for their attempts), so a handler cannot take it at construction. */
  private final ObjectProvider<JobQueue> queue;
  private final Clock clock;
  private final Duration supersededRetry;
  private ServerMetrics metrics = ServerMetrics.NONE;

  public ClusterSyncJobs(ClusterDao clusters, ClusterSourceDao sources, ClusterSnapshots snapshots,
      ClusterWriteFence fence, PostureRules rules, RuleParameters parameters, SettingsService settings,
      ComplianceService compliance, ComplianceReporter complianceReporter, FindingIngestService ingest,
      ClusterSyncDao syncs, ObjectProvider<JobQueue> queue, Clock clock,
      @Value("${kubeward.inventory.sync-superseded-retry:PT30S}") Duration supersededRetry) {
    this.clusters = clusters;
    this.sources = sources;
    this.snapshots = snapshots;
    this.fence = fence;
    this.rules = rules;
    this.parameters = parameters;
    this.settings = settings;
    this.compliance = compliance;
    this.complianceReporter = complianceReporter;
    this.ingest = ingest;
    this.syncs = syncs;
    this.queue = queue;
    this.clock = clock;
    this.supersededRetry = supersededRetry;
  }

  /** Where sync times go. */
  @Autowired(required = false)
  public void setMetrics(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int maxAttempts() {
    return 3;
  }

  /** Queues a sync of the cluster due at {@code runAt} (a no-op while one is queued, running or waiting to retry). */
  public static JobQueue.Enqueued enqueue(JobQueue queue, String clusterId, Instant runAt) {
    return queue.enqueue(TYPE, clusterId, JSON.writeValueAsString(Map.of("clusterId", clusterId)), runAt);
  }

  /** What one list and evaluation produced. */
  private record Evaluated(ClusterInventory inventory, List<ReportedFinding> misconfigurations,
      ComplianceService.ClusterCompliance compliance, long watchWrites, Instant listedAt) {}

  @Override
  public JobResult handle(JobContext context) throws Exception {
    String clusterId = JSON.readTree(context.payload()).get("clusterId").asString();
    if (clusters.find(clusterId).isEmpty()) {
      return JobResult.of("{\"skipped\":\"cluster deleted\"}");
    }
    ClusterSource source = sources.find(clusterId).orElse(ClusterSource.NONE);
    if (source.mode() == ClusterSource.Mode.NONE) {
      return JobResult.of("{\"skipped\":\"no source\"}");
    }
    EffectiveSettings effective = settings.effective(clusterId);
    if (!effective.component(ProtectionComponent.KUBERNETES_API_ACCESS).active()) {
      return JobResult.of("{\"skipped\":\"kubernetesApiAccess is off\"}");
    }
    Evaluated ev = null;
    int lists = 0;
    while (lists < MAX_LISTS) {
      lists++;
      ev = metrics.scan("inventory-sync", () -> listAndEvaluate(clusterId, source, effective));
      if (!context.leaseHeld()) {
        throw new IllegalStateException("lease lost during the sync; another runner has the job");
      }
      if (fence.watchWrites(clusterId) == ev.watchWrites()) {
        break;
      }
      log.info("a watch wrote findings of cluster {} while it was synced; listing again", clusterId);
    }
    Evaluated done = ev;
    int relists = lists - 1;
    String owner = context.job().leaseOwner();
    long jobId = context.job().id();
    int failingControls = done.compliance().results().stream().mapToInt(r -> r.failing().size()).sum();
    String json = JSON.writeValueAsString(Map.of("objects", done.inventory().inventory().size(),
        "misconfigurations", done.misconfigurations().size(), "failingControls", failingControls,
        "relists", relists));
    return JobResult.writing(json, () -> {
      Instant now = clock.instant();
      if (fence.lockWatchWrites(clusterId) != done.watchWrites()) {
        // The watch wrote after our last list: it is newer. Stand aside and sync again soon.
        syncs.insert(new ClusterSyncDao.SyncRun(jobId, clusterId, "superseded", owner,
            done.inventory().inventory().size(), 0, 0, relists, done.listedAt(), now));
        enqueue(queue.getObject(), clusterId, now.plus(supersededRetry));
        return;
      }
      ingest.report(FindingReport.full(clusterId, FindingKind.MISCONFIGURATION, MisconfigurationFindings.SOURCE),
          done.misconfigurations());
      complianceReporter.store(clusterId, done.compliance());
      syncs.insert(new ClusterSyncDao.SyncRun(jobId, clusterId, "synced", owner, done.inventory().inventory().size(),
          done.misconfigurations().size(), failingControls, relists, done.listedAt(), now));
    });
  }

  private Evaluated listAndEvaluate(String clusterId, ClusterSource source, EffectiveSettings effective) {
    long watchWrites = fence.watchWrites(clusterId);
    Instant listedAt = clock.instant();
    ClusterInventory inventory;
    try {
      inventory = snapshots.list(clusterId, source);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the cluster's manifests: " + e.getMessage(), e);
    }
    RuleSet ruleSet = rules.storedRuleSet();
    PostureEngine engine = new PostureEngine(ruleSet,
        EngineOptions.defaults().withParams(parameters.values(effective)));
    // The same evaluation the server's watch starts from, so both sides produce the same findings and keys.
    List<Finding> findings;
    try (LiveEvaluation live = metrics.ruleEvaluation("posture",
        () -> LiveEvaluation.attach(inventory.inventory(), engine))) {
      findings = live.findings();
    }
    List<ReportedFinding> reported = new ArrayList<>(findings.size());
    findings.forEach(f -> reported.add(MisconfigurationFindings.reported(f, ruleSet)));
    ComplianceService.ClusterCompliance cc = compliance.assess(clusterId, inventory, ruleSet, findings,
        inventory.inventory().notEvaluatedKinds(), ComplianceService.selection(effective), listedAt);
    return new Evaluated(inventory, reported, cc, watchWrites, listedAt);
  }
}
