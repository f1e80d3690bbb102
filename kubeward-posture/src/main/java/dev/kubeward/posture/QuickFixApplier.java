package dev.kubeward.posture;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link QuickFixPlan}s to a cluster with fabric8: a server-side dry run first (the API server validates and
 * admission runs, nothing is stored), then, after the caller's confirmation, the real patch, followed by a re-check
 * of the rule on the patched object. Roles, confirmation and the audit trail belong to the caller (the server).
 */
public final class QuickFixApplier {
  private final KubernetesClient client;
  private final PostureEngine engine;

  public QuickFixApplier(KubernetesClient client, PostureEngine engine) {
    this.client = client;
    this.engine = engine;
  }

  /**
   * The result of a dry run or an applied fix: the object as the API server returned it, and the findings of the
   * fixed rule that remain on it (empty when the fix worked).
   */
  public record Outcome(KubeObject result, List<Finding> remaining, boolean dryRun) {
    public Outcome {
      remaining = List.copyOf(remaining);
    }

    /** True when the rule no longer fails on the object. */
    public boolean fixed() {
      return remaining.isEmpty();
    }
  }

  /**
   * Sends the patch with {@code dryRun=All}: nothing changes in the cluster.
   *
   * @throws QuickFixException when the API server rejects the patch (a conflict, a denied admission, RBAC)
   */
  public Outcome dryRun(QuickFixPlan plan, Inventory inventory) {
    return send(plan, inventory, true);
  }

  /**
   * Applies the patch, puts the result into the inventory and re-checks the rule.
   *
   * @throws QuickFixException when the API server rejects the patch
   */
  public Outcome apply(QuickFixPlan plan, Inventory inventory) {
    Outcome outcome = send(plan, inventory, false);
    inventory.put(outcome.result());
    return outcome;
  }

  @SuppressWarnings("unchecked")
  private Outcome send(QuickFixPlan plan, Inventory inventory, boolean dryRun) {
    KubeKinds.Kind kind = KubeKinds.byKind(plan.resource().kind())
        .orElseThrow(() -> new QuickFixException("cannot patch kind " + plan.resource().kind()));
    var ops = client.genericKubernetesResources(kind.resourceContext());
    Resource<GenericKubernetesResource> resource = kind.namespaced()
        ? ops.inNamespace(plan.resource().namespace()).withName(plan.resource().name())
        : ops.withName(plan.resource().name());
    GenericKubernetesResource result;
    try {
      PatchContext json = PatchContext.of(PatchType.JSON);
      result = dryRun ? resource.dryRun().patch(json, plan.jsonPatch()) : resource.patch(json, plan.jsonPatch());
    } catch (KubernetesClientException e) {
      String reason = e.getCode() == 409 || e.getCode() == 422 && String.valueOf(e.getMessage()).contains("test")
          ? "the object changed since the fix was planned; re-scan and try again"
          : e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      throw new QuickFixException("the API server refused the " + (dryRun ? "dry run" : "patch") + " of "
          + plan.resource().key() + ": " + reason, e);
    }
    Map<String, Object> tree = client.getKubernetesSerialization().convertValue(result, Map.class);
    tree.putIfAbsent("apiVersion", kind.apiVersion());
    tree.putIfAbsent("kind", kind.kind());
    KubeObject object = KubeObject.of(tree, null);
    return new Outcome(object, engine.evaluate(inventory, object, plan.ruleId()), dryRun);
  }

  /** The API server refused a fix; the message says why in one sentence. */
  public static final class QuickFixException extends RuntimeException {
    public QuickFixException(String message) {
      super(message);
    }

    public QuickFixException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
