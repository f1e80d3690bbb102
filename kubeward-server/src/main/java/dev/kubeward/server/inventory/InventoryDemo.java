package dev.kubeward.server.inventory;

import dev.kubeward.server.demo.DemoContributor;
import dev.kubeward.server.demo.DemoWorkspace;
import dev.kubeward.server.workspace.Cluster;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Points each demo cluster at its bundled manifests ({@code demo/clusters/<name>}) and loads them, first of all demo
 * contributors, so that every capability listening to inventories sees the demo clusters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InventoryDemo implements DemoContributor {
  private final ClusterInventoryService inventories;

  InventoryDemo(ClusterInventoryService inventories) {
    this.inventories = inventories;
  }

  @Override
  public String name() {
    return "inventory";
  }

  @Override
  public void contribute(DemoWorkspace demo, Cluster cluster) {
    ClusterSource source = new ClusterSource(ClusterSource.Mode.MANIFESTS, Optional.empty(), Optional.empty(),
        Optional.of(ManifestSources.CLASSPATH + "demo/clusters/" + cluster.name()));
    inventories.setSource(cluster.id(), source, "kubeward-demo");
  }
}
