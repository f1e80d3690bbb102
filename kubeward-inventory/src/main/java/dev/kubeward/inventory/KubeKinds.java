package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.ObjectTrees;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kubernetes kinds the inventory watches, and where each workload kind keeps its pod template. One table, used
 * by the live source (what to list and watch), the graph and the rule engine.
 */
public final class KubeKinds {
  private KubeKinds() {}

  /** A watched kind: API group/version, kind, plural resource name, whether namespaced. */
  public record Kind(String apiVersion, String kind, String plural, boolean namespaced) {
    /** The API group ("" for the core group). */
    public String group() {
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The API version without the group ({@code v1}). */
    public String version() {
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    /** The fabric8 description of this kind, for generic API calls. */
    public io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext resourceContext() {
      return new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup(group()).withVersion(version()).withKind(kind).withPlural(plural).withNamespaced(namespaced)
          .build();
    }
  }

  /** Every kind the live source lists and watches, in listing order. */
  public static final List<Kind> WATCHED = List.of(
      new Kind("v1", "Namespace", "namespaces", false),
      new Kind("v1", "Node", "nodes", false),
      new Kind("v1", "Pod", "pods", true),
      new Kind("apps/v1", "Deployment", "deployments", true),
      new Kind("apps/v1", "ReplicaSet", "replicasets", true),
      new Kind("apps/v1", "StatefulSet", "statefulsets", true),
      new Kind("apps/v1", "DaemonSet", "daemonsets", true),
      new Kind("batch/v1", "Job", "jobs", true),
      new Kind("batch/v1", "CronJob", "cronjobs", true),
      new Kind("v1", "ReplicationController", "replicationcontrollers", true),
      new Kind("v1", "Service", "services", true),
      new Kind("networking.k8s.io/v1", "Ingress", "ingresses", true),
      new Kind("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
      new Kind("v1", "ServiceAccount", "serviceaccounts", true),
      new Kind("rbac.authorization.k8s.io/v1", "Role", "roles", true),
      new Kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
      new Kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
      new Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
      new Kind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
      new Kind("v1", "LimitRange", "limitranges", true),
      new Kind("v1", "ResourceQuota", "resourcequotas", true),
      new Kind("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false),
      new Kind("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding",
          "validatingadmissionpolicybindings", false),
      new Kind("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
          "validatingwebhookconfigurations", false),
      new Kind("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration",
          "mutatingwebhookconfigurations", false),
      new Kind("v1", "ConfigMap", "configmaps", true),
      new Kind("v1", "Secret", "secrets", true));

  /** Kinds that run pods: they carry a pod spec (directly or in a template). */
  public static final Set<String> WORKLOADS = Set.of("Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
      "CronJob", "ReplicationController");

  private static final Map<String, Optional<Kind>> BY_KIND = new java.util.HashMap<>();

  static {
    WATCHED.forEach(k -> BY_KIND.put(k.kind(), Optional.of(k)));
  }

  /** The watched kind with this name. */
  public static Optional<Kind> byKind(String kind) {
    return BY_KIND.getOrDefault(kind, Optional.empty());
  }

  /** True for kinds that run pods. */
  public static boolean isWorkload(String kind) {
    return WORKLOADS.contains(kind);
  }

  /** The path of the pod spec inside an object of a workload kind ({@code spec.template.spec}, ...), or empty. */
  public static List<String> podSpecPath(String kind) {
    return switch (kind) {
      case "Pod" -> List.of("spec");
      case "CronJob" -> List.of("spec", "jobTemplate", "spec", "template", "spec");
      case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController" ->
          List.of("spec", "template", "spec");
      default -> List.of();
    };
  }

  /** The pod spec of a workload object's content, or an empty map. */
  public static Map<String, Object> podSpec(Map<String, Object> content) {
    List<String> path = podSpecPath(ObjectTrees.text(content, "kind"));
    return path.isEmpty() ? Map.of() : ObjectTrees.map(content, path.toArray(String[]::new));
  }

  /** The pod template's metadata (the object's own metadata for a Pod), or an empty map. */
  public static Map<String, Object> podMetadata(Map<String, Object> content) {
    String kind = ObjectTrees.text(content, "kind");
    List<String> path = podSpecPath(kind);
    if (path.isEmpty()) {
      return Map.of();
    }
    if (kind.equals("Pod")) {
      return ObjectTrees.map(content, "metadata");
    }
    String[] meta = path.toArray(String[]::new);
    meta[meta.length - 1] = "metadata";
    return ObjectTrees.map(content, meta);
  }
}
