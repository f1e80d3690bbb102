package dev.kubeward.server.inventory;

import dev.kubeward.server.workspace.Cluster;

/**
 * Told when a cluster's inventory is (re)loaded or dropped. Implement as a Spring bean: misconfigurations,
 * vulnerability assessment and compliance each attach their engine here. Live changes after a load arrive through the
 * inventory's own {@link dev.kubeward.inventory.InventoryListener}s, which a listener may register on it.
 */
public interface ClusterInventoryListener {
  /** A fresh inventory is ready for the cluster (first load, refresh, or a new source). */
  void inventoryLoaded(Cluster cluster, ClusterInventory inventory);

  /** The cluster's inventory is gone (source removed, component turned off, cluster deleted). */
  default void inventoryDropped(String clusterId) {}
}
