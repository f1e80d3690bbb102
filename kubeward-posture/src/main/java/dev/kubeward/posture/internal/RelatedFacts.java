package dev.kubeward.posture.internal;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.inventory.Permission;
import dev.kubeward.inventory.ResourceGraph;
import dev.kubeward.inventory.Subject;
import dev.kubeward.inventory.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code related} variable of cross-object rules: facts about an object taken from the resource graph. Which facts
 * exist depends on the object's kind; each is computed only when a rule reads it.
 *
 * <ul>
 *   <li>workloads: {@code serviceAccount}, {@code namespace} (objects, {} when absent), {@code services},
 *       {@code networkPolicies} (those selecting its pods)
 *   <li>Namespace: {@code networkPolicies}, {@code limitRanges}, {@code resourceQuotas}, {@code workloadCount}
 *   <li>ServiceAccount: {@code permissions} (each {@code namespace, apiGroups, resources, verbs, resourceNames,
 *       nonResourceURLs, binding, role}), {@code workloadCount}
 *   <li>RoleBinding/ClusterRoleBinding: {@code role} ({} when missing), {@code roleFound}
 *   <li>Ingress: {@code services}; Service: {@code workloadCount}
 * </ul>
 */
public final class RelatedFacts {
  private RelatedFacts() {}

  /** The lazily computed facts of {@code object}. */
  public static Map<String, Object> of(Inventory inventory, KubeObject object) {
    ResourceGraph graph = inventory.graph();
    String kind = object.ref().kind();
    String ns = object.ref().namespace();
    Map<String, Supplier<Object>> facts = new LinkedHashMap<>();
    if (KubeKinds.isWorkload(kind)) {
      Workload[] workload = new Workload[1];
      Supplier<Workload> w = () -> workload[0] != null ? workload[0] : (workload[0] = graph.workload(object));
      facts.put("serviceAccount", () -> graph.serviceAccountOf(object).map(o -> (Object) o.content()).orElse(Map.of()));
      facts.put("namespace", () -> inventory.find("Namespace", "", ns).map(o -> (Object) o.content()).orElse(Map.of()));
      facts.put("services", () -> contents(graph.servicesSelecting(w.get())));
      facts.put("networkPolicies", () -> contents(graph.networkPoliciesCovering(w.get())));
    } else if (kind.equals("Namespace")) {
      String name = object.ref().name();
      facts.put("networkPolicies", () -> contents(graph.networkPoliciesIn(name)));
      facts.put("limitRanges", () -> contents(new ArrayList<>(inventory.inNamespace("LimitRange", name))));
      facts.put("resourceQuotas", () -> contents(new ArrayList<>(inventory.inNamespace("ResourceQuota", name))));
      facts.put("workloadCount", () -> (long) KubeKinds.WORKLOADS.stream()
          .mapToInt(k -> inventory.inNamespace(k, name).size()).sum());
    } else if (kind.equals("ServiceAccount")) {
      Subject subject = Subject.serviceAccount(ns, object.ref().name());
      facts.put("permissions", () -> permissions(graph.permissionsOf(subject)));
      facts.put("workloadCount", () -> (long) graph.workloadsUsing(ns, object.ref().name()).size());
    } else if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
      facts.put("role", () -> graph.roleOf(object).map(o -> (Object) o.content()).orElse(Map.of()));
      facts.put("roleFound", () -> graph.roleOf(object).isPresent());
    } else if (kind.equals("Ingress")) {
      facts.put("services", () -> contents(graph.servicesOfIngress(object)));
    } else if (kind.equals("Service")) {
      facts.put("workloadCount", () -> (long) graph.countWorkloadsSelectedBy(object));
    }
    return new LazyMap(facts);
  }

  private static List<Object> contents(List<KubeObject> objects) {
    return objects.stream().map(o -> (Object) o.content()).toList();
  }

  private static List<Object> permissions(List<Permission> permissions) {
    List<Object> out = new ArrayList<>();
    for (Permission p : permissions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("namespace", p.namespace());
      m.put("apiGroups", p.apiGroups());
      m.put("resources", p.resources());
      m.put("verbs", p.verbs());
      m.put("resourceNames", p.resourceNames());
      m.put("nonResourceURLs", p.nonResourceUrls());
      m.put("binding", p.binding().key());
      m.put("role", p.role().key());
      out.add(ObjectTree.normalize(m));
    }
    return out;
  }
}
