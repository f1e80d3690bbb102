package dev.kubeward.runtime.event;

import java.util.List;

/**
 * The security-relevant facts of a pod spec in an API request (a Pod, or the pod template of a Deployment, DaemonSet,
 * StatefulSet, ReplicaSet, Job or CronJob), extracted once so detections read one field instead of walking
 * containers.
 *
 * @param hostNetwork {@code spec.hostNetwork}
 * @param hostPid {@code spec.hostPID}
 * @param hostIpc {@code spec.hostIPC}
 * @param privileged any container (init and ephemeral included) runs privileged
 * @param allowPrivilegeEscalation any container allows privilege escalation explicitly
 * @param hostPaths paths of hostPath volumes
 * @param addedCapabilities capabilities added by any container, upper case without {@code CAP_}
 * @param images images of all containers
 * @param serviceAccountName the pod's service account, or ""
 */
public record PodSpecSummary(
    boolean hostNetwork,
    boolean hostPid,
    boolean hostIpc,
    boolean privileged,
    boolean allowPrivilegeEscalation,
    List<String> hostPaths,
    List<String> addedCapabilities,
    List<String> images,
    String serviceAccountName) {

  /** No pod spec in the request. */
  public static final PodSpecSummary NONE =
      new PodSpecSummary(false, false, false, false, false, List.of(), List.of(), List.of(), "");

  public PodSpecSummary {
    hostPaths = hostPaths == null ? List.of() : List.copyOf(hostPaths);
    addedCapabilities = addedCapabilities == null ? List.of() : List.copyOf(addedCapabilities);
    images = images == null ? List.of() : List.copyOf(images);
    serviceAccountName = serviceAccountName == null ? "" : serviceAccountName;
  }
}
