package dev.kubeward.inventory;

import dev.kubeward.model.ResourceRef;
import java.util.List;
import java.util.Map;

/**
 * A top-level workload: a Deployment, StatefulSet, DaemonSet, CronJob, or a Job, ReplicaSet or Pod that nothing
 * present owns. Its pods are not workloads of their own.
 *
 * @param ref the workload object
 * @param serviceAccount the service account its pods run as ({@code default} when unset)
 * @param podLabels the labels of its pods (the pod template's)
 * @param containers containers, init containers and ephemeral containers of its pod template
 */
public record Workload(ResourceRef ref, String serviceAccount, Map<String, String> podLabels,
    List<ContainerInfo> containers) {
  public Workload {
    podLabels = Map.copyOf(podLabels);
    containers = List.copyOf(containers);
  }
}
