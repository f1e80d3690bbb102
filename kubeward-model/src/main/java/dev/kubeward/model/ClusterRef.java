package dev.kubeward.model;

import java.util.Objects;

/**
 * Identifies a cluster Kubeward knows about: a stable id (used in URLs and as foreign key) and a display name.
 *
 * @param id stable identifier, never reused
 * @param name display name, unique within its workspace
 */
public record ClusterRef(String id, String name) {
  public ClusterRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
