package dev.kubeward.inventory;

import java.util.Objects;

/**
 * Who an RBAC binding grants to: a ServiceAccount (with its namespace), a User or a Group.
 *
 * @param kind {@code ServiceAccount}, {@code User} or {@code Group}
 * @param namespace the ServiceAccount's namespace, "" for users and groups
 * @param name the name
 */
public record Subject(String kind, String namespace, String name) {
  public Subject {
    Objects.requireNonNull(kind, "kind");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  /** A ServiceAccount subject. */
  public static Subject serviceAccount(String namespace, String name) {
    return new Subject("ServiceAccount", namespace, name);
  }

  String key() {
    return key(kind, namespace, name);
  }

  static String key(String kind, String namespace, String name) {
    return kind + "|" + namespace + "|" + name;
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
