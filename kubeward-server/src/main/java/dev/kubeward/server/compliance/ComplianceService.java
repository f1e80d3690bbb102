package dev.kubeward.server.compliance;

import dev.kubeward.compliance.ComplianceAssessor;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.RuntimeCoverage;
import dev.kubeward.compliance.Standards;
import dev.kubeward.compliance.components.ComponentReport;
import dev.kubeward.model.Standard;
import dev.kubeward.server.posture.MisconfigurationScanner;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Each cluster's compliance: the selected standards assessed on the misconfiguration scanner's current findings.
 * Cheap to compute and cached until the findings, the standards or the selection change, so the API, the reporter
 * and the status all see the same result.
 */
@Service
public class ComplianceService {
  private final MisconfigurationScanner scanner;
  private final ComplianceStandards standards;
  private final SettingsService settings;
  private final ComponentFactsService components;
  private final RuntimeCoverageService runtime;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ComplianceService(MisconfigurationScanner scanner, ComplianceStandards standards, SettingsService settings,
      ComponentFactsService components, RuntimeCoverageService runtime) {
    this.scanner = scanner;
    this.standards = standards;
    this.settings = settings;
    this.components = components;
    this.runtime = runtime;
  }

  /**
   * One cluster's compliance.
   *
   * @param clusterId the cluster
   * @param evaluatedAt when the underlying scan was made (or last changed)
   * @param results one result per selected standard, in catalogue order
   * @param unknownStandards selected ids that name no standard (shown in the status, never assessed)
   */
  public record ClusterCompliance(String clusterId, Instant evaluatedAt, List<ComplianceResult> results,
      List<String> unknownStandards) {
    /** The result of one standard, if it is selected. */
    public Optional<ComplianceResult> result(String standardId) {
      return results.stream().filter(r -> r.standard().id().equals(standardId)).findFirst();
    }
  }

  private record Cached(Object evaluation, Instant changedAt, Instant reportedAt, long version, List<String> selection,
      ComponentReport components, RuntimeCoverage runtime, ClusterCompliance value) {}

  /**
   * Assesses the selected standards on a set of misconfiguration findings: the server's live evaluation, or the
   * findings of an inventory sync's own list.
   */
  public ClusterCompliance assess(String clusterId, dev.kubeward.server.inventory.ClusterInventory listed,
      dev.kubeward.posture.RuleSet rules, List<dev.kubeward.posture.Finding> findings,
      Map<String, dev.kubeward.model.NotEvaluated> notEvaluated, List<String> selection, Instant at) {
    // The control-plane facts come from the same listing as the findings, so a worker's sync needs no watch.
    return assess(clusterId, rules, findings, notEvaluated, selection, at, components.report(clusterId, listed),
        runtime.coverage(clusterId).orElse(null));
  }

  private ClusterCompliance assess(String clusterId, dev.kubeward.posture.RuleSet rules,
      List<dev.kubeward.posture.Finding> findings, Map<String, dev.kubeward.model.NotEvaluated> notEvaluated,
      List<String> selection, Instant at, ComponentReport componentReport, RuntimeCoverage coverage) {
    Standards catalogue = standards.standards();
    ComplianceAssessor assessor = new ComplianceAssessor(rules);
    // The control-plane and kubelet checks' failures and gaps join the scanner's findings.
    // Open runtime alerts and the sensor's state decide the ATT&CK technique controls together with the rules.
    ComplianceAssessor.FindingIndex index = ComplianceAssessor.index(findings, componentReport, coverage);
    List<ComplianceResult> results = new ArrayList<>();
    for (Standard s : catalogue.all()) {
      if (selection.contains(s.id())) {
        results.add(assessor.assess(s, index, notEvaluated, at));
      }
    }
    List<String> unknown = selection.stream().filter(id -> catalogue.get(id).isEmpty()).toList();
    return new ClusterCompliance(clusterId, at, List.copyOf(results), unknown);
  }

  /** The standard ids selected for a cluster (workspace over cluster over default). */
  public List<String> selection(String clusterId) {
    return selection(settings.effective(clusterId));
  }

  /** The standard ids selected in these settings. */
  public static List<String> selection(EffectiveSettings effective) {
    return effective.stringList(ComplianceSettings.STANDARDS);
  }

  /** The cluster's compliance; empty while the cluster has no misconfiguration evaluation (see the status). */
  public Optional<ClusterCompliance> compliance(String clusterId) {
    Optional<MisconfigurationScanner.ClusterEvaluation> evaluation = scanner.evaluation(clusterId);
    if (evaluation.isEmpty()) {
      cache.remove(clusterId);
      return Optional.empty();
    }
    MisconfigurationScanner.ClusterEvaluation ev = evaluation.get();
    List<String> selection = selection(clusterId);
    long version = standards.version();
    ComponentReport componentReport = components.report(clusterId).orElse(null);
    RuntimeCoverage coverage = runtime.coverage(clusterId).orElse(null);
    Cached c = cache.get(clusterId);
    if (c != null && c.evaluation() == ev && c.components() == componentReport
        && java.util.Objects.equals(c.runtime(), coverage) && java.util.Objects.equals(c.changedAt(), ev.changedAt())
        && java.util.Objects.equals(c.reportedAt(), ev.reportedAt()) && c.version() == version
        && c.selection().equals(selection)) {
      return Optional.of(c.value());
    }
    Instant at = ev.changedAt() != null && ev.changedAt().isAfter(ev.evaluatedAt()) ? ev.changedAt() : ev.evaluatedAt();
    ClusterCompliance value = assess(clusterId, ev.engine().rules(), ev.findings(), ev.notEvaluated(), selection, at,
        componentReport, coverage);
    cache.put(clusterId, new Cached(ev, ev.changedAt(), ev.reportedAt(), version, selection, componentReport, coverage,
        value));
    return Optional.of(value);
  }
}
