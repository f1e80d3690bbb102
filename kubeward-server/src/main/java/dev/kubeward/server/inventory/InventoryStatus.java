package dev.kubeward.server.inventory;

import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.status.CapabilityStatus;
import dev.kubeward.server.status.CapabilityStatus.State;
import dev.kubeward.server.status.ClusterStatusContributor;
import dev.kubeward.server.workspace.Cluster;
import java.util.List;
import org.springframework.stereotype.Component;

/** The inventory's line in a cluster's status: connected and read, or why not (forbidden kinds included). */
@Component
class InventoryStatus implements ClusterStatusContributor {
  private final ClusterInventoryService inventories;

  InventoryStatus(ClusterInventoryService inventories) {
    this.inventories = inventories;
  }

  @Override
  public List<CapabilityStatus> status(Cluster cluster, EffectiveSettings settings) {
    ClusterInventoryService.LoadState s = inventories.state(cluster.id());
    State state = switch (s.state()) {
      case READY -> State.OK;
      case LOADING -> State.PENDING;
      case NOT_CONNECTED -> State.PENDING;
      case FAILED -> State.FAILED;
      case COMPONENT_OFF -> State.COMPONENT_OFF;
    };
    String detail = s.detail();
    var loaded = inventories.get(cluster.id());
    if (state == State.OK && loaded.isPresent() && !loaded.get().inventory().notEvaluatedKinds().isEmpty()) {
      state = State.NOT_EVALUATED;
      detail = "not evaluated: " + String.join(", ", loaded.get().inventory().notEvaluatedKinds().entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue().reason().label() + ")").toList());
    }
    return List.of(new CapabilityStatus("inventory", "Inventory", state, detail,
        loaded.map(ClusterInventory::loadedAt).orElse(null)));
  }
}
