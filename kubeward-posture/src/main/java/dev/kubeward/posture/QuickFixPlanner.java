package dev.kubeward.posture;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import java.util.Map;
import java.util.Optional;

/**
 * Computes quick fixes for cluster-level findings (namespaces, service accounts, bindings, services, webhooks): rules
 * whose target is not a workload. Workload findings are fixed in the user's manifests instead ({@link ManifestFixer}),
 * since a patched Deployment would be overwritten by the next deploy.
 */
public final class QuickFixPlanner {
  private final PostureEngine engine;

  public QuickFixPlanner(PostureEngine engine) {
    this.engine = engine;
  }

  /** True when the finding's rule has a quick fix that applies to cluster objects. */
  public boolean canFix(Finding finding) {
    return engine.rules().rule(finding.ruleId())
        .map(r -> r.quickFix().isPresent() && !r.target().workloadScoped())
        .orElse(false);
  }

  /** The plan for a finding, if its rule has a cluster-level fix and the object still fails the rule. */
  public Optional<QuickFixPlan> plan(Inventory inventory, Finding finding) {
    if (!canFix(finding) || finding.outcome() != Finding.Outcome.FAIL) {
      return Optional.empty();
    }
    Optional<KubeObject> object = inventory.get(finding.resource());
    if (object.isEmpty()) {
      return Optional.empty();
    }
    Optional<Map<String, Object>> patch = engine.quickFixPatch(inventory, object.get(), finding.ruleId(), "");
    Rule rule = engine.rules().rule(finding.ruleId()).orElseThrow();
    return patch.map(p -> QuickFixPlan.of(finding.ruleId(), finding.resource(),
        rule.quickFix().map(Rule.QuickFixSpec::description).orElse(""), p, object.get().content()));
  }
}
