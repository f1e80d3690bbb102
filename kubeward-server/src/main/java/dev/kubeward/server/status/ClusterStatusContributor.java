package dev.kubeward.server.status;

import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.workspace.Cluster;
import java.util.List;

/**
 * A capability's part of a cluster's status. Implement as a Spring bean next to the capability; the status endpoint
 * asks every contributor, so nothing central needs editing.
 */
public interface ClusterStatusContributor {
  /** The capability's status for the cluster, given its effective settings (a component may be off). */
  List<CapabilityStatus> status(Cluster cluster, EffectiveSettings settings);
}
