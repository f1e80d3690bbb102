package dev.kubeward.server.posture;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.posture.AdmissionPolicy;
import dev.kubeward.posture.AdmissionPolicyApplier;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Rule;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * "Prevent": a rule exported as a ValidatingAdmissionPolicy and its binding (Warn, Audit or Deny), shown as YAML for
 * anyone, and installed in or removed from a live cluster when its {@code policyAgent} component is on. Policies use
 * the cluster's rule parameters, so the allow-list a scan checks is the one admission enforces.
 */
@Service
public class AdmissionPolicyService {
  /** Label the exporter puts on every policy it writes. */
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private final PostureRules rules;
  private final RuleParameters parameters;
  private final SettingsService settings;
  private final ClusterInventoryService inventories;
  private final ActivityLog activity;

  public AdmissionPolicyService(PostureRules rules, RuleParameters parameters, SettingsService settings,
      ClusterInventoryService inventories, ActivityLog activity) {
    this.rules = rules;
    this.parameters = parameters;
    this.settings = settings;
    this.inventories = inventories;
    this.activity = activity;
  }

  /**
   * A rule's policy for one cluster and whether it can be installed there.
   *
   * @param policy the exported policy, when the rule can run at admission
   * @param reason why the rule cannot run at admission, or why it cannot be installed in this cluster
   * @param installable whether apply/remove can run now (policyAgent on, live cluster)
   * @param installed whether the policy is in the cluster; null when that cannot be known (no live connection)
   */
  public record ClusterPolicy(String ruleId, Optional<AdmissionPolicy> policy, boolean installable, String reason,
      EffectiveSettings.ComponentStatus policyAgent, Boolean installed) {}

  /** Parses Deny/Warn/Audit names (any case); Deny when none are given. */
  public static Set<AdmissionPolicy.Action> actions(List<String> names) {
    if (names == null || names.isEmpty()) {
      return EnumSet.of(AdmissionPolicy.Action.DENY);
    }
    Set<AdmissionPolicy.Action> out = EnumSet.noneOf(AdmissionPolicy.Action.class);
    for (String n : names) {
      for (String part : n.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          out.add(AdmissionPolicy.Action.valueOf(part.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("unknown validation action '" + part.trim() + "'; expected Deny, Warn or Audit");
        }
      }
    }
    if (out.containsAll(EnumSet.of(AdmissionPolicy.Action.DENY, AdmissionPolicy.Action.WARN))) {
      throw ApiException.badRequest("validation actions Deny and Warn exclude each other (Kubernetes refuses both)");
    }
    return out;
  }

  /** Why a rule cannot run at admission, or empty when it can. */
  public Optional<String> notAdmissible(Rule rule) {
    if (AdmissionPolicyExporter.admissionCapable(rule)) {
      return Optional.empty();
    }
    return Optional.of(rule.crossObject()
        ? "rule " + rule.id() + " looks at other objects (" + rule.target().label() + " graph), which admission"
            + " control cannot see; it stays a scan-time check"
        : "rule " + rule.id() + " is not meant for admission control");
  }

  /**
   * The policy of a rule with the built-in parameter defaults (or a cluster's parameters).
   *
   * @throws ApiException 404 for an unknown rule, 409 when it cannot run at admission
   */
  public AdmissionPolicy export(String ruleId, Set<AdmissionPolicy.Action> actions, String clusterId) {
    Rule rule = rules.ruleSet().rule(ruleId).orElseThrow(() -> ApiException.notFound("rule", ruleId));
    notAdmissible(rule).ifPresent(why -> {
      throw ApiException.conflict(why);
    });
    EngineOptions options = EngineOptions.defaults();
    if (clusterId != null) {
      options = options.withParams(parameters.values(settings.effective(clusterId)));
    }
    return new AdmissionPolicyExporter(rules.ruleSet(), options).export(ruleId, actions).orElseThrow();
  }

  /** The rule's policy for a cluster, and whether it is installed there. */
  public ClusterPolicy state(String clusterId, String ruleId, Set<AdmissionPolicy.Action> actions) {
    Rule rule = rules.ruleSet().rule(ruleId).orElseThrow(() -> ApiException.notFound("rule", ruleId));
    EffectiveSettings.ComponentStatus agent = settings.effective(clusterId).component(ProtectionComponent.POLICY_AGENT);
    Optional<String> notAdmissible = notAdmissible(rule);
    if (notAdmissible.isPresent()) {
      return new ClusterPolicy(ruleId, Optional.empty(), false, notAdmissible.get(), agent, null);
    }
    AdmissionPolicy policy = export(ruleId, actions, clusterId);
    Optional<KubernetesClient> client = inventories.client(clusterId);
    Boolean installed = null;
    if (client.isPresent()) {
      try {
        installed = new AdmissionPolicyApplier(client.get()).installed(policy);
      } catch (KubernetesClientException e) {
        installed = null;
      }
    }
    String reason = !agent.active() ? agent.reason() + "; turn it on in the cluster settings to apply policies"
        : client.isEmpty() ? "this cluster is read from a manifest snapshot (or not connected); apply the YAML with"
            + " kubectl, or connect the cluster through a kubeconfig"
        : "";
    return new ClusterPolicy(ruleId, Optional.of(policy), reason.isEmpty(), reason, agent, installed);
  }

  /**
   * Installs (or updates) a rule's policy in a cluster.
   *
   * @throws ApiException 409 when the policyAgent component is off, the cluster is not live, or the API server refuses
   */
  public ClusterPolicy apply(String clusterId, String ruleId, Set<AdmissionPolicy.Action> actions, String actor) {
    KubernetesClient client = requireInstallable(clusterId, ruleId, actions);
    AdmissionPolicy policy = export(ruleId, actions, clusterId);
    try {
      new AdmissionPolicyApplier(client).apply(policy);
    } catch (KubernetesClientException e) {
      throw ApiException.conflict("the API server refused admission policy " + policy.name() + ": " + reason(e));
    }
    activity.record(actor, "admissionPolicy.apply", "cluster", clusterId, "installed " + policy.name() + " for rule "
        + ruleId + " with validation actions " + actions.stream().map(AdmissionPolicy.Action::value).toList());
    return state(clusterId, ruleId, actions);
  }

  /** Removes a rule's policy and binding from a cluster; true when anything was there. */
  public boolean remove(String clusterId, String ruleId, String actor) {
    Set<AdmissionPolicy.Action> deny = EnumSet.of(AdmissionPolicy.Action.DENY);
    KubernetesClient client = requireInstallable(clusterId, ruleId, deny);
    AdmissionPolicy policy = export(ruleId, deny, clusterId);
    boolean removed;
    try {
      removed = new AdmissionPolicyApplier(client).remove(policy);
    } catch (KubernetesClientException e) {
      throw ApiException.conflict("the API server refused to remove " + policy.name() + ": " + reason(e));
    }
    activity.record(actor, "admissionPolicy.remove", "cluster", clusterId,
        (removed ? "removed " : "nothing to remove: ") + policy.name() + " for rule " + ruleId);
    return removed;
  }

  /** Whether the cluster's policyAgent component is on, and if not, why. */
  public EffectiveSettings.ComponentStatus policyAgent(String clusterId) {
    return settings.effective(clusterId).component(ProtectionComponent.POLICY_AGENT);
  }

  /** Names of the policies Kubeward installed in a live cluster (empty when it is not live). */
  public List<String> installed(String clusterId) {
    Optional<KubernetesClient> client = inventories.client(clusterId);
    if (client.isEmpty()) {
      return List.of();
    }
    try {
      return client.get().genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")
          .withLabel(MANAGED_BY, "kubeward").list().getItems().stream()
          .map(GenericKubernetesResource::getMetadata).map(m -> m.getName()).sorted().toList();
    } catch (KubernetesClientException e) {
      throw ApiException.conflict("cannot list the cluster's admission policies: " + reason(e));
    }
  }

  private KubernetesClient requireInstallable(String clusterId, String ruleId, Set<AdmissionPolicy.Action> actions) {
    ClusterPolicy state = state(clusterId, ruleId, actions);
    if (!state.installable()) {
      throw ApiException.conflict("admission policy of " + ruleId + " cannot be applied to this cluster: "
          + state.reason());
    }
    return inventories.client(clusterId).orElseThrow();
  }

  private static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : String.valueOf(e.getMessage());
  }
}
