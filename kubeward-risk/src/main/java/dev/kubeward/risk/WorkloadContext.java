package dev.kubeward.risk;

import dev.kubeward.model.ResourceRef;
import java.util.List;

/**
 * What the cluster says about one workload, as far as risk is concerned. Every list holds plain-words entries that
 * appear in explanations as they are.
 *
 * @param workload the top-level workload
 * @param serviceAccount {@code namespace/name} of the account its pods run as
 * @param runningPods how many of its pods are running now
 * @param exposures the ways it is reachable from outside the cluster, traced through Services and Ingresses
 *     ("Ingress shop/storefront", "LoadBalancer Service shop/frontend", "hostNetwork", "hostPort 8443")
 * @param privileges what its pods may do on the node ("runs privileged", "shares the host's PID namespace",
 *     "mounts host path /var/log")
 * @param privileged a privileged container or a dangerous capability
 * @param hostNamespaces hostPID, hostIPC or hostNetwork
 * @param hostMounts hostPath volumes
 * @param accountPower what its ServiceAccount may do
 * @param openRuntimeAlerts open runtime alerts on the workload (from {@link RuntimeSignals})
 * @param pullSecrets the image pull secrets its pods use (pod spec and ServiceAccount), as {@code namespace/name}
 */
public record WorkloadContext(
    ResourceRef workload,
    String serviceAccount,
    int runningPods,
    List<String> exposures,
    List<String> privileges,
    boolean privileged,
    boolean hostNamespaces,
    boolean hostMounts,
    AccountPower accountPower,
    int openRuntimeAlerts,
    List<String> pullSecrets) {

  public WorkloadContext {
    exposures = List.copyOf(exposures);
    privileges = List.copyOf(privileges);
    pullSecrets = List.copyOf(pullSecrets);
  }

  /** True when something outside the cluster can reach it. */
  public boolean internetExposed() {
    return !exposures.isEmpty();
  }

  /** The same context with a number of open runtime alerts. */
  public WorkloadContext withOpenRuntimeAlerts(int alerts) {
    return new WorkloadContext(workload, serviceAccount, runningPods, exposures, privileges, privileged,
        hostNamespaces, hostMounts, accountPower, alerts, pullSecrets);
  }

  /**
   * What a ServiceAccount may do through its RBAC bindings.
   *
   * @param clusterAdmin every verb on every resource cluster-wide
   * @param readsSecrets may get or list Secrets
   * @param secretsScope where: "all namespaces" or the namespace
   * @param createsPods may create pods (and so run a privileged pod on a node)
   * @param grantedBy the bindings that grant the powers above, as keys
   */
  public record AccountPower(boolean clusterAdmin, boolean readsSecrets, String secretsScope, boolean createsPods,
      List<String> grantedBy) {
    public static final AccountPower NONE = new AccountPower(false, false, "", false, List.of());

    public AccountPower {
      secretsScope = secretsScope == null ? "" : secretsScope;
      grantedBy = List.copyOf(grantedBy);
    }

    /** True when the account holds any of the powers. */
    public boolean any() {
      return clusterAdmin || readsSecrets || createsPods;
    }
  }
}
