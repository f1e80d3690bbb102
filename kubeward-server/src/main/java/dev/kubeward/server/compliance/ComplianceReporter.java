package dev.kubeward.server.compliance;

import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.posture.MisconfigurationScanner;
import dev.kubeward.server.settings.SettingsService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the findings store and the history current: for every evaluated cluster, the failing controls of its selected
 * standards are reported as COMPLIANCE findings (a full report, so a control that passes again is resolved, one that
 * fails again is reopened), and today's snapshot of each standard is written. A daily job snapshots every cluster even
 * when nothing changed and drops snapshots older than the retention setting.
 */
@Component
public class ComplianceReporter {
  /** The findings store's source name for compliance. */
  public static final String SOURCE = "compliance";
  /** Most resources named in a compliance finding's attributes; the API lists them all. */
  static final int MAX_RESOURCES_IN_FINDING = 50;

  private static final Logger log = LoggerFactory.getLogger(ComplianceReporter.class);

  private final ComplianceService compliance;
  private final MisconfigurationScanner scanner;
  private final FindingIngestService ingest;
  private final ComplianceSnapshotDao snapshots;
  private final SettingsService settings;
  private final Clock clock;
  private final Map<String, Reported> last = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  public ComplianceReporter(ComplianceService compliance, MisconfigurationScanner scanner, FindingIngestService ingest,
      ComplianceSnapshotDao snapshots, SettingsService settings, Clock clock) {
    this.compliance = compliance;
    this.scanner = scanner;
    this.ingest = ingest;
    this.snapshots = snapshots;
    this.settings = settings;
    this.clock = clock;
  }

  /** What was last written for a cluster: the findings' content and the snapshot day. */
  record Reported(List<ReportedFinding> findings, LocalDate day, Instant at) {}

  /** When the cluster's compliance was last written to the store, if ever. */
  Optional<Instant> reportedAt(String clusterId) {
    return Optional.ofNullable(last.get(clusterId)).map(Reported::at);
  }

  /** Why writing a cluster's compliance last failed, if it did. */
  Optional<String> failure(String clusterId) {
    return Optional.ofNullable(failures.get(clusterId));
  }

  /** Reports every evaluated cluster whose compliance changed since its last report. */
  @Scheduled(fixedDelayString = "${kubeward.compliance.report-interval:5s}",
      initialDelayString = "${kubeward.compliance.report-initial-delay:2s}")
  public void reportAll() {
    java.util.Set<String> evaluated = scanner.evaluatedClusters();
    // Clusters dropped or deleted meanwhile: forget what was reported for them (their rows go with the cluster).
    last.keySet().retainAll(evaluated);
    failures.keySet().retainAll(evaluated);
    for (String clusterId : evaluated) {
      try {
        report(clusterId);
      } catch (RuntimeException e) {
        // A cluster deleted meanwhile, or a database hiccup: the next run retries.
        log.debug("compliance report of cluster {} skipped: {}", clusterId, e.getMessage());
      }
    }
  }

  /**
   * Reports one cluster now, if its failing controls or the day changed since the last report; returns whether it
   * wrote anything.
   */
  public synchronized boolean report(String clusterId) {
    Optional<ComplianceService.ClusterCompliance> current = compliance.compliance(clusterId);
    if (current.isEmpty()) {
      return false;
    }
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<ReportedFinding> reported = findings(current.get());
    Reported previous = last.get(clusterId);
    if (previous != null && previous.findings().equals(reported) && previous.day().equals(day)) {
      return false;
    }
    try {
      Runnable write = () -> {
        if (fence != null) {
          fence.recordWatchWrite(clusterId);
        }
        store(clusterId, current.get(), reported, day);
      };
      if (tx == null) {
        write.run();
      } else {
        tx.executeWithoutResult(s -> write.run());
      }
      last.put(clusterId, new Reported(reported, day, clock.instant()));
      failures.remove(clusterId);
      return true;
    } catch (RuntimeException e) {
      log.error("cannot store the compliance of cluster {}", clusterId, e);
      failures.put(clusterId, "storing the compliance results failed: " + e.getMessage());
      throw e;
    }
  }

  /**
   * Writes a cluster's compliance: the failing controls as a full COMPLIANCE report and today's snapshot of each
   * standard. Used by this reporter (from the server's live evaluation) and by inventory sync jobs (from their own
   * list); joins the caller's transaction.
   */
  public void store(String clusterId, ComplianceService.ClusterCompliance compliance) {
    store(clusterId, compliance, findings(compliance), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  private void store(String clusterId, ComplianceService.ClusterCompliance compliance, List<ReportedFinding> reported,
      LocalDate day) {
    ingest.report(FindingReport.full(clusterId, FindingKind.COMPLIANCE, SOURCE), reported);
    for (ComplianceResult r : compliance.results()) {
      snapshots.put(clusterId, day, r, clock.instant());
    }
  }

  private dev.kubeward.server.inventory.ClusterWriteFence fence;
  private org.springframework.transaction.support.TransactionTemplate tx;

  /** Counts this server's writes per cluster, as the misconfiguration scanner does, so syncs never overwrite them. */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void setWriteFence(dev.kubeward.server.inventory.ClusterWriteFence fence,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.fence = fence;
    this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
  }

  /** The daily snapshot of every evaluated cluster, then the retention. */
  @Scheduled(cron = "${kubeward.compliance.snapshot-cron:0 10 0 * * *}", zone = "UTC")
  public void daily() {
    reportAll();
    prune();
  }

  /** Drops each cluster's snapshots older than its {@code compliance.snapshotRetentionDays}; returns rows removed. */
  public int prune() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    int removed = 0;
    for (String clusterId : snapshots.clusters()) {
      try {
        long days = settings.effective(clusterId).integer(ComplianceSettings.RETENTION_DAYS);
        removed += snapshots.prune(clusterId, today.minusDays(days - 1));
      } catch (RuntimeException e) {
        log.debug("compliance retention of cluster {} skipped: {}", clusterId, e.getMessage());
      }
    }
    return removed;
  }

  /** One finding per failing control of the selected standards. */
  public static List<ReportedFinding> findings(ComplianceService.ClusterCompliance cc) {
    List<ReportedFinding> out = new ArrayList<>();
    for (ComplianceResult r : cc.results()) {
      for (ControlResult c : r.failing()) {
        String ref = r.standard().id() + ":" + c.control().id();
        List<Map<String, Object>> rules = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        for (FailingRule f : c.failing()) {
          Map<String, Object> rule = new LinkedHashMap<>();
          rule.put("ruleId", f.ruleId());
          rule.put("title", f.title());
          rule.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
          rule.put("resources", f.resources().size());
          rule.put("remediation", f.remediation());
          rules.add(rule);
          details.append(details.isEmpty() ? "" : "; ").append(f.ruleId()).append(" ").append(f.title()).append(" (")
              .append(f.resources().size()).append(f.resources().size() == 1 ? " resource)" : " resources)");
          for (FailingResource res : f.resources()) {
            String key = res.resource().key();
            if (!resources.contains(key) && resources.size() < MAX_RESOURCES_IN_FINDING) {
              resources.add(key);
            }
          }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("standard", r.standard().id());
        attributes.put("standardName", r.standard().name());
        attributes.put("control", c.control().id());
        attributes.put("section", c.control().section());
        attributes.put("sectionTitle", r.standard().sectionTitle(c.control().section()));
        attributes.put("description", c.control().description());
        attributes.put("recommendations", rules);
        attributes.put("resourceCount", c.failingResourceCount());
        attributes.put("resources", resources);
        Severity severity = c.severity() == Severity.UNKNOWN ? Severity.MEDIUM : c.severity();
        out.add(ReportedFinding.builder(ref, c.control().id() + " " + c.control().title(), severity)
            .key(ref)
            .details(c.failingResourceCount() + " failing resource(s): " + details)
            .attributes(attributes)
            .build());
      }
    }
    return out;
  }
}
