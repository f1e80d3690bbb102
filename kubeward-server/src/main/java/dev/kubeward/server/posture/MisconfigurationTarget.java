package dev.kubeward.server.posture;

import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.FindingKind;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.security.KubewardPrincipal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds what a stored misconfiguration finding points at now: the cluster's evaluation, the engine's current finding
 * (by the stable key) and the object in the inventory. Quick fixes, fixed manifests and policies all start here.
 */
@Component
class MisconfigurationTarget {
  private final FindingService findings;
  private final MisconfigurationScanner scanner;
  private final PostureRules rules;
  private final ClusterInventoryService inventories;

  MisconfigurationTarget(FindingService findings, MisconfigurationScanner scanner, PostureRules rules,
      ClusterInventoryService inventories) {
    this.findings = findings;
    this.scanner = scanner;
    this.rules = rules;
    this.inventories = inventories;
  }

  /**
   * A stored finding and, when the cluster is evaluated, its live counterpart.
   *
   * @param stored the finding as the store holds it
   * @param rule the rule, if it still exists
   * @param evaluation the cluster's evaluation, if its inventory is loaded
   * @param current the engine's finding with the same key, if the cluster still has it
   * @param object the object in the inventory, if it is still there
   * @param live whether the cluster is connected live (a manifest snapshot is not)
   */
  record Target(dev.kubeward.server.findings.Finding stored, Optional<Rule> rule,
      Optional<MisconfigurationScanner.ClusterEvaluation> evaluation, Optional<Finding> current,
      Optional<KubeObject> object, boolean live) {

    /** The engine's finding, or a 409 saying why there is none. */
    Finding requireCurrent() {
      if (evaluation.isEmpty()) {
        throw ApiException.conflict("the cluster's inventory is not loaded, so its findings cannot be acted on now;"
            + " the cluster status says why");
      }
      return current.orElseThrow(() -> ApiException.conflict("the latest evaluation of the cluster no longer reports"
          + " this finding; nothing to fix"));
    }
  }

  /**
   * Resolves a finding the caller may see.
   *
   * @throws ApiException 404/403 as for reading the finding, 400 when it is not a misconfiguration
   */
  Target resolve(KubewardPrincipal who, long findingId) {
    dev.kubeward.server.findings.Finding f = findings.get(who, findingId);
    if (f.kind() != FindingKind.MISCONFIGURATION) {
      throw ApiException.badRequest("finding " + findingId + " is not a misconfiguration");
    }
    Optional<MisconfigurationScanner.ClusterEvaluation> ev = scanner.evaluation(f.clusterId());
    Optional<Rule> rule = ev.map(e -> e.engine().rules()).orElse(rules.ruleSet()).rule(f.ruleId());
    Optional<Finding> current = ev.flatMap(e -> e.finding(f.key()));
    Optional<KubeObject> object = ev.flatMap(e -> e.inventory().inventory()
        .find(f.resourceKind(), f.namespace(), f.resourceName()));
    return new Target(f, rule, ev, current, object, inventories.client(f.clusterId()).isPresent());
  }
}
