package dev.kubeward.server.compliance;

import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.posture.MisconfigurationScanner;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.status.CapabilityStatus;
import dev.kubeward.server.status.CapabilityStatus.State;
import dev.kubeward.server.status.ClusterStatusContributor;
import dev.kubeward.server.workspace.Cluster;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The compliance capability of a cluster: assessed, pending its misconfiguration scan, partly not evaluated, off. */
@Component
class ComplianceStatus implements ClusterStatusContributor {
  static final String CAPABILITY = "compliance";
  static final String LABEL = "Compliance";

  private final ComplianceService compliance;
  private final ComplianceReporter reporter;
  private final ComplianceStandards standards;
  private final MisconfigurationScanner scanner;

  ComplianceStatus(ComplianceService compliance, ComplianceReporter reporter, ComplianceStandards standards,
      MisconfigurationScanner scanner) {
    this.compliance = compliance;
    this.reporter = reporter;
    this.standards = standards;
    this.scanner = scanner;
  }

  @Override
  public List<CapabilityStatus> status(Cluster cluster, EffectiveSettings settings) {
    return List.of(status(cluster.id(), settings));
  }

  CapabilityStatus status(String clusterId, EffectiveSettings settings) {
    var component = settings.component(ProtectionComponent.KUBERNETES_API_ACCESS);
    if (!component.active()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.COMPONENT_OFF, component.reason(), null);
    }
    if (ComplianceService.selection(settings).isEmpty()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED,
          "no standard is selected (setting " + ComplianceSettings.STANDARDS + ")", null);
    }
    var cc = compliance.compliance(clusterId);
    if (cc.isEmpty()) {
      return new CapabilityStatus(CAPABILITY, LABEL, scanner.evaluatedClusters().contains(clusterId) ? State.PENDING
          : State.NOT_EVALUATED, "compliance is assessed from the misconfiguration scan, which has not run for this"
          + " cluster (see Misconfigurations)", null);
    }
    var failure = reporter.failure(clusterId);
    if (failure.isPresent()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.FAILED, failure.get(), null);
    }
    List<String> parts = new ArrayList<>();
    int notEvaluated = 0;
    for (ComplianceResult r : cc.get().results()) {
      var s = r.summary();
      notEvaluated += s.notEvaluated();
      parts.add(r.standard().id() + " " + (s.score().isPresent() ? s.score().getAsDouble() + "%" : "n/a")
          + " (" + s.failed() + " failing)");
    }
    List<String> gaps = new ArrayList<>();
    if (notEvaluated > 0) {
      gaps.add(notEvaluated + " control(s) not evaluated (never counted as passed)");
    }
    if (!cc.get().unknownStandards().isEmpty()) {
      gaps.add("unknown standards selected: " + String.join(", ", cc.get().unknownStandards()));
    }
    if (!standards.broken().isEmpty()) {
      gaps.add("custom standards that do not validate: " + String.join("; ",
          standards.broken().stream().map(p -> p.describe()).toList()));
    }
    String summary = String.join(", ", parts);
    State state = gaps.isEmpty() ? State.OK : State.NOT_EVALUATED;
    return new CapabilityStatus(CAPABILITY, LABEL, state,
        gaps.isEmpty() ? summary : String.join("; ", gaps) + ". " + summary, cc.get().evaluatedAt());
  }
}
