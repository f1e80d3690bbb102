package dev.kubeward.server.runtime;

import dev.kubeward.inventory.ContainerInfo;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.Workload;
import dev.kubeward.runtime.event.EventEnricher;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import dev.kubeward.server.inventory.ClusterInventory;
import dev.kubeward.server.inventory.ClusterInventoryService;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Adds what a cluster's inventory knows to its events: the pod's real owning workload (a Deployment rather than the
 * ReplicaSet guessed from the pod name), its labels (which drift policies select on), node and image digest. An event
 * whose pod the inventory does not hold, or a cluster without an inventory, is left as the sensor described it.
 */
@Component
public class InventoryEnricher {
  private final ClusterInventoryService inventories;

  public InventoryEnricher(ClusterInventoryService inventories) {
    this.inventories = inventories;
  }

  /** The enricher for one cluster, reading its inventory as it is when each event passes. */
  public EventEnricher forCluster(String clusterId) {
    return event -> {
      try {
        Optional<ClusterInventory> inv = inventories.get(clusterId);
        return inv.isEmpty() || event.pod().isEmpty() ? event : enrich(inv.get().inventory(), event);
      } catch (RuntimeException e) {
        // Context is a bonus: an inventory being swapped underneath must never stop detection.
        return event;
      }
    };
  }

  static RuntimeEvent enrich(Inventory inventory, RuntimeEvent event) {
    Optional<KubeObject> pod = inventory.find("Pod", event.namespace(), event.pod());
    if (pod.isEmpty()) {
      return event;
    }
    KubeObject owner = inventory.graph().topLevelOwner(pod.get());
    Workload podView = inventory.graph().workload(pod.get());
    RuntimeEvent.Builder b = event.toBuilder()
        .workload(new WorkloadRef(owner.ref().kind(), owner.ref().name()))
        .podLabels(podView.podLabels());
    if (event.node().isEmpty()) {
      Object spec = pod.get().content().get("spec");
      if (spec instanceof Map<?, ?> m && m.get("nodeName") instanceof String node) {
        b.node(node);
      }
    }
    if (event.imageDigest().isEmpty() && !event.container().isEmpty()) {
      for (ContainerInfo c : podView.containers()) {
        if (c.name().equals(event.container()) && !c.image().digest().isEmpty()) {
          b.imageDigest(c.image().digest());
          if (event.image().isEmpty()) {
            b.image(c.image().reference());
          }
        }
      }
    }
    return b.build();
  }
}
