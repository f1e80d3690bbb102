package dev.kubeward.server.posture;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.posture.Finding;
import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.status.CapabilityStatus;
import dev.kubeward.server.status.CapabilityStatus.State;
import dev.kubeward.server.status.ClusterStatusContributor;
import dev.kubeward.server.workspace.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The misconfigurations line of a cluster's status: evaluated and when, or why not. Kinds the credentials may not
 * list, rules that failed to evaluate and stored custom rules that no longer compile make it "not evaluated" with
 * the list, so a partial result is never mistaken for a clean one.
 */
@Component
class MisconfigurationStatus implements ClusterStatusContributor {
  static final String CAPABILITY = "misconfigurations";
  static final String LABEL = "Misconfigurations";

  private final MisconfigurationScanner scanner;
  private final ClusterInventoryService inventories;
  private final PostureRules rules;

  MisconfigurationStatus(MisconfigurationScanner scanner, ClusterInventoryService inventories, PostureRules rules) {
    this.scanner = scanner;
    this.inventories = inventories;
    this.rules = rules;
  }

  @Override
  public List<CapabilityStatus> status(Cluster cluster, EffectiveSettings settings) {
    return List.of(status(cluster.id(), settings));
  }

  private CapabilityStatus status(String clusterId, EffectiveSettings settings) {
    var component = settings.component(ProtectionComponent.KUBERNETES_API_ACCESS);
    if (!component.active()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.COMPONENT_OFF, component.reason(), null);
    }
    var evaluation = scanner.evaluation(clusterId);
    if (evaluation.isEmpty()) {
      var failure = scanner.failure(clusterId);
      if (failure.isPresent()) {
        return new CapabilityStatus(CAPABILITY, LABEL, State.FAILED, failure.get().message(), failure.get().at());
      }
      var inventory = inventories.state(clusterId);
      return switch (inventory.state()) {
        case FAILED -> new CapabilityStatus(CAPABILITY, LABEL, State.FAILED,
            "the cluster could not be read: " + inventory.detail(), inventory.at());
        case COMPONENT_OFF -> new CapabilityStatus(CAPABILITY, LABEL, State.COMPONENT_OFF, inventory.detail(), null);
        // Findings reported by other means (a CI scan through the ingest API) still show; the note says why no
        // evaluation of the cluster itself runs.
        case NOT_CONNECTED -> new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED,
            "the cluster is not connected (" + inventory.detail() + "); set its source to a kubeconfig, the in-cluster"
                + " service account or a manifests folder", null);
        default -> new CapabilityStatus(CAPABILITY, LABEL, State.PENDING,
            "waiting for the cluster's inventory: " + inventory.detail(), null);
      };
    }
    MisconfigurationScanner.ClusterEvaluation ev = evaluation.get();
    Instant last = latest(ev.evaluatedAt(), ev.changedAt());
    if (ev.reportFailure().isPresent()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.FAILED, ev.reportFailure().get().message(),
          ev.reportFailure().get().at());
    }
    List<Finding> findings = ev.findings();
    long errors = findings.stream().filter(f -> f.outcome() == Finding.Outcome.RULE_ERROR).count();
    String summary = (findings.size() - errors) + " misconfiguration(s) from " + ev.engine().rules().size()
        + " rules on " + ev.inventory().inventory().size() + " objects";
    List<String> gaps = new ArrayList<>();
    Map<String, String> forbidden = new TreeMap<>();
    ev.notEvaluated().forEach((kind, why) -> forbidden.put(kind, why.reason().label()));
    if (!forbidden.isEmpty()) {
      gaps.add("kinds not evaluated: " + String.join(", ", forbidden.entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
    }
    if (errors > 0) {
      gaps.add(errors + " rule error(s): a rule could not be evaluated on some objects (see the findings titled"
          + " 'Rule error')");
    }
    if (!rules.brokenCustomRules().isEmpty()) {
      gaps.add("custom rules that do not load: " + String.join("; ", rules.brokenCustomRules().stream()
          .map(Object::toString).toList()));
    }
    if (gaps.isEmpty()) {
      return new CapabilityStatus(CAPABILITY, LABEL, State.OK, summary, last);
    }
    return new CapabilityStatus(CAPABILITY, LABEL, State.NOT_EVALUATED, String.join("; ", gaps) + ". " + summary + ".",
        last);
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
