package dev.kubeward.server.inventory;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LoadProblem;
import java.time.Instant;
import java.util.List;

/**
 * A cluster's inventory as the server holds it: the objects (kept current by informers for live sources), where they
 * came from, when they were loaded and what could not be read.
 *
 * @param inventory the objects; live sources keep changing it, so readers must tolerate concurrent updates
 * @param problems manifests that did not load (file and line), for manifest sources
 */
public record ClusterInventory(String clusterId, ClusterSource source, Inventory inventory, Instant loadedAt,
    List<LoadProblem> problems) {
  public ClusterInventory {
    problems = List.copyOf(problems);
  }
}
