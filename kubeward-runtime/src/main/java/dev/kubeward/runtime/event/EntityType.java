package dev.kubeward.runtime.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Kinds of things an event (and so an alert) involves. Wire names are lower case ({@code workload}). */
public enum EntityType {
  CLUSTER, NAMESPACE, WORKLOAD, POD, CONTAINER, IMAGE, NODE, USER, PROCESS, FILE, REMOTE_ADDRESS, RESOURCE;

  /** The name used in detections and the API ({@code remote-address}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The type with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static EntityType fromWireName(String name) {
    for (EntityType t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown entity type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(EntityType::wireName).collect(Collectors.joining(", ")));
  }
}
