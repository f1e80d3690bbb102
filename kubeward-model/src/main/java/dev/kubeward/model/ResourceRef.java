package dev.kubeward.model;

import java.util.Objects;

/**
 * Identifies one Kubernetes object the way {@code kubectl} does. {@code namespace} is empty (never null) for
 * cluster-scoped kinds, so refs compare and sort without null checks.
 *
 * @param apiVersion group/version, e.g. {@code apps/v1} or {@code v1}
 * @param kind e.g. {@code Deployment}
 * @param namespace namespace, or "" for cluster-scoped objects
 * @param name object name
 */
public record ResourceRef(String apiVersion, String kind, String namespace, String name)
    implements Comparable<ResourceRef> {

  public ResourceRef {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  /** True when the object lives outside any namespace (Node, ClusterRole, Namespace itself, ...). */
  public boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /** A stable, human-readable key: {@code Kind/namespace/name} or {@code Kind/name} for cluster-scoped objects. */
  public String key() {
    return clusterScoped() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }

  @Override
  public int compareTo(ResourceRef o) {
    int c = namespace.compareTo(o.namespace);
    if (c == 0) c = kind.compareTo(o.kind);
    if (c == 0) c = name.compareTo(o.name);
    if (c == 0) c = apiVersion.compareTo(o.apiVersion);
    return c;
  }

  @Override
  public String toString() {
    return key();
  }
}
