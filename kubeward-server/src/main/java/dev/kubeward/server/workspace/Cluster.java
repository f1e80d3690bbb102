package dev.kubeward.server.workspace;

import dev.kubeward.model.ClusterRef;
import java.time.Instant;

/** A Kubernetes cluster watched by Kubeward; it belongs to exactly one workspace. */
public record Cluster(String id, String workspaceId, String name, String description, Instant createdAt) {
  /** The id and name, as the engines know a cluster. */
  public ClusterRef ref() {
    return new ClusterRef(id, name);
  }
}
