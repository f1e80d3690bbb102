package dev.kubeward.posture;

import dev.kubeward.inventory.KubeKinds;
import java.util.List;
import java.util.Locale;

/**
 * What a rule looks at. The target decides which CEL variables are bound and, for workload targets, the kinds a rule
 * matches when it names none.
 */
public enum Target {
  /** Each container (init and ephemeral included) of a workload's pod template; binds {@code container}. */
  CONTAINER("container"),
  /** A workload's pod spec; binds {@code podSpec} and {@code podMeta}. */
  POD_SPEC("pod spec"),
  /** A workload object as a whole (replicas, namespace, selectors). */
  WORKLOAD("workload"),
  /** A Namespace, with the objects inside it as {@code related}. */
  NAMESPACE("namespace"),
  /** Roles, bindings and ServiceAccounts, with effective permissions as {@code related}. */
  RBAC("rbac"),
  /** Services, Ingresses and NetworkPolicies. */
  SERVICE("service"),
  /** Cluster-wide configuration: nodes, admission webhooks and policies. */
  CLUSTER("cluster");

  private final String label;

  Target(String label) {
    this.label = label;
  }

  /** The name used in rule files ({@code pod spec}). */
  public String label() {
    return label;
  }

  /** True for targets evaluated on workloads' pod templates. */
  public boolean workloadScoped() {
    return this == CONTAINER || this == POD_SPEC || this == WORKLOAD;
  }

  /** The kinds a rule of this target matches when it names none (empty: the rule must name its kinds). */
  public List<String> defaultKinds() {
    return workloadScoped() ? List.copyOf(new java.util.TreeSet<>(KubeKinds.WORKLOADS))
        : this == NAMESPACE ? List.of("Namespace") : List.of();
  }

  /**
   * Parses a rule file's target ({@code container}, {@code pod spec}/{@code podSpec}, {@code workload},
   * {@code namespace}, {@code rbac}, {@code service}, {@code cluster}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Target parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("-", " ").replace("_", " ");
    if (t.equals("podspec")) {
      t = "pod spec";
    }
    for (Target target : values()) {
      if (target.label.equals(t)) {
        return target;
      }
    }
    throw new IllegalArgumentException("unknown target '" + text
        + "'; expected one of container, pod spec, workload, namespace, rbac, service, cluster");
  }
}
