package dev.kubeward.inventory;

import java.util.List;

/**
 * What the cluster itself is: its Kubernetes version and its nodes' software.
 *
 * @param kubernetesVersion the API server's version ({@code v1.30.2}), or "" when unknown
 * @param nodes one entry per node
 */
public record ClusterFacts(String kubernetesVersion, List<NodeFacts> nodes) {
  public ClusterFacts {
    kubernetesVersion = kubernetesVersion == null ? "" : kubernetesVersion;
    nodes = List.copyOf(nodes);
  }

  /** A node's software versions, from {@code status.nodeInfo}. */
  public record NodeFacts(String name, String kubeletVersion, String containerRuntimeVersion, String kernelVersion,
      String osImage, String operatingSystem, String architecture) {}
}
