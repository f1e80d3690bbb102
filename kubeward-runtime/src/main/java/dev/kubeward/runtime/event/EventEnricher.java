package dev.kubeward.runtime.event;

/**
 * Adds what the cluster inventory knows to an event before detections run: the pod's real owning workload and labels,
 * the image digest, the node. Formats fill these from the sensor alone (the workload is then a guess from the pod
 * name); the server supplies an enricher backed by the inventory.
 */
@FunctionalInterface
public interface EventEnricher {
  /** Leaves events as the sensor described them. */
  EventEnricher NONE = event -> event;

  /** The event with context added; returns the event itself when there is nothing to add. Must not throw. */
  RuntimeEvent enrich(RuntimeEvent event);
}
