package dev.kubeward.inventory;

import dev.kubeward.model.ResourceRef;
import java.util.List;

/**
 * One RBAC rule a subject holds, with where it holds it and what grants it.
 *
 * @param namespace where the rule applies: a namespace for RoleBindings, "" for cluster-wide (ClusterRoleBindings)
 * @param apiGroups the rule's API groups ({@code "*"} for all)
 * @param resources the rule's resources, with subresources as {@code pods/exec}
 * @param verbs the rule's verbs
 * @param resourceNames the rule's resource names (empty: all)
 * @param nonResourceUrls the rule's non-resource URLs
 * @param binding the binding that grants it
 * @param role the Role or ClusterRole that holds the rule
 */
public record Permission(
    String namespace,
    List<String> apiGroups,
    List<String> resources,
    List<String> verbs,
    List<String> resourceNames,
    List<String> nonResourceUrls,
    ResourceRef binding,
    ResourceRef role) {

  public Permission {
    namespace = namespace == null ? "" : namespace;
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    verbs = List.copyOf(verbs);
    resourceNames = List.copyOf(resourceNames);
    nonResourceUrls = List.copyOf(nonResourceUrls);
  }

  /** True when this rule is cluster-wide rather than limited to one namespace. */
  public boolean clusterWide() {
    return namespace.isEmpty();
  }

  /**
   * True when the rule allows {@code verb} on {@code resource} of {@code apiGroup} for every object (no resource
   * names), in {@code namespaceOrAll} ("" asks for all namespaces / cluster-wide).
   */
  public boolean allows(String verb, String apiGroup, String resource, String namespaceOrAll) {
    boolean where = clusterWide() || namespace.equals(namespaceOrAll);
    return where && resourceNames.isEmpty() && matches(verbs, verb) && matches(apiGroups, apiGroup)
        && matches(resources, resource);
  }

  private static boolean matches(List<String> values, String wanted) {
    return values.contains("*") || values.contains(wanted);
  }
}
