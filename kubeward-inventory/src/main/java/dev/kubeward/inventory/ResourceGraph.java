package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.LabelSelectors;
import dev.kubeward.inventory.internal.ObjectTrees;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relationships between the objects of one {@link Inventory}, for every capability that needs more than one
 * object at a time (misconfiguration rules, compliance, vulnerability risk, runtime): workloads and their containers
 * and images, owners, which Services select which workloads, which Ingresses route to which Services, what a
 * ServiceAccount may do through its bindings, which NetworkPolicies cover a namespace, and the cluster's facts.
 *
 * <p>A live view: every answer reflects the inventory at the time of the call. Answers are sorted for stable output.
 */
public final class ResourceGraph {
  private static final Comparator<KubeObject> BY_REF = Comparator.comparing(KubeObject::ref);
  private final Inventory inventory;

  ResourceGraph(Inventory inventory) {
    this.inventory = inventory;
  }

  /** The object that ultimately controls {@code object} (a Pod's Deployment), or the object itself. */
  public KubeObject topLevelOwner(KubeObject object) {
    KubeObject current = object;
    for (int depth = 0; depth < 8; depth++) {
      Optional<KubeObject> owner = controllerOf(current);
      if (owner.isEmpty()) {
        return current;
      }
      current = owner.get();
    }
    return current;
  }

  /** True when a controlling owner of {@code object} is in the inventory, so its findings belong to that owner. */
  public boolean isOwnedByPresentController(KubeObject object) {
    return controllerOf(object).isPresent();
  }

  private Optional<KubeObject> controllerOf(KubeObject object) {
    return object.controller().flatMap(o -> inventory.find(o.kind(), object.ref().namespace(), o.name()));
  }

  /** Every top-level workload, sorted. */
  public List<Workload> workloads() {
    List<Workload> out = new ArrayList<>();
    for (String kind : KubeKinds.WORKLOADS) {
      inventory.ofKind(kind).filter(o -> !isOwnedByPresentController(o)).map(this::workload).forEach(out::add);
    }
    out.sort(Comparator.comparing(Workload::ref));
    return out;
  }

  /** The workload view of a workload object (its pod template's containers, images, labels and account). */
  public Workload workload(KubeObject object) {
    Map<String, Object> content = object.content();
    Map<String, Object> spec = KubeKinds.podSpec(content);
    String sa = ObjectTrees.text(spec, "serviceAccountName");
    if (sa.isEmpty()) {
      sa = ObjectTrees.text(spec, "serviceAccount");
    }
    Map<String, String> digests = object.ref().kind().equals("Pod") ? podImageDigests(content) : runningDigests(object);
    List<ContainerInfo> containers = new ArrayList<>();
    for (String type : List.of("containers", "initContainers", "ephemeralContainers")) {
      for (Object c : ObjectTrees.list(spec, type)) {
        String name = ObjectTrees.text(c, "name");
        ImageRef image = ImageRef.parse(ObjectTrees.text(c, "image"));
        if (image.digest().isEmpty() && digests.containsKey(name)) {
          image = image.withDigest(digests.get(name));
        }
        containers.add(new ContainerInfo(name, type, image));
      }
    }
    Map<String, String> labels = new HashMap<>();
    ObjectTrees.map(KubeKinds.podMetadata(content), "labels").forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return new Workload(object.ref(), sa.isEmpty() ? "default" : sa, labels, containers);
  }

  /** Digests reported by the running pods of a workload, by container name. */
  private Map<String, String> runningDigests(KubeObject workload) {
    Map<String, String> out = new HashMap<>();
    String prefix = workload.ref().name();
    for (KubeObject pod : inventory.inNamespace("Pod", workload.ref().namespace())) {
      // Controllers name what they create after themselves (web -> web-5d4 -> web-5d4-x2z); check that first.
      if (pod.controller().isPresent() && pod.controller().get().name().startsWith(prefix)
          && topLevelOwner(pod).ref().equals(workload.ref())) {
        podImageDigests(pod.content()).forEach(out::putIfAbsent);
        if (!out.isEmpty()) {
          break;
        }
      }
    }
    return out;
  }

  private static Map<String, String> podImageDigests(Map<String, Object> pod) {
    Map<String, String> out = new HashMap<>();
    for (String field : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
      for (Object s : ObjectTrees.list(pod, "status", field)) {
        String imageId = ObjectTrees.text(s, "imageID");
        int at = imageId.indexOf("@sha256:");
        if (at >= 0) {
          out.put(ObjectTrees.text(s, "name"), imageId.substring(at + 1));
        } else if (imageId.startsWith("sha256:")) {
          out.put(ObjectTrees.text(s, "name"), imageId);
        }
      }
    }
    return out;
  }

  /** The ServiceAccount a workload object's pods run as, if it exists. */
  public Optional<KubeObject> serviceAccountOf(KubeObject workload) {
    String name = workload.serviceAccountName();
    return name.isEmpty() ? Optional.empty() : inventory.find("ServiceAccount", workload.ref().namespace(), name);
  }

  /** The Services in the workload's namespace whose selector matches its pods. */
  public List<KubeObject> servicesSelecting(Workload workload) {
    List<KubeObject> out = new ArrayList<>();
    for (KubeObject svc : inventory.inNamespace("Service", workload.ref().namespace())) {
      if (LabelSelectors.plainSelects(svc.serviceSelector(), workload.podLabels())) {
        out.add(svc);
      }
    }
    out.sort(BY_REF);
    return out;
  }

  /** The top-level workloads a Service selects. */
  public List<Workload> workloadsSelectedBy(KubeObject service) {
    List<Workload> out = new ArrayList<>();
    for (KubeObject o : workloadObjectsSelectedBy(service)) {
      out.add(workload(o));
    }
    out.sort(Comparator.comparing(Workload::ref));
    return out;
  }

  /** How many top-level workloads a Service selects (cheaper than {@link #workloadsSelectedBy}). */
  public int countWorkloadsSelectedBy(KubeObject service) {
    return workloadObjectsSelectedBy(service).size();
  }

  private List<KubeObject> workloadObjectsSelectedBy(KubeObject service) {
    Map<String, String> selector = service.serviceSelector();
    List<KubeObject> out = new ArrayList<>();
    if (selector.isEmpty()) {
      return out;
    }
    String ns = service.ref().namespace();
    for (String kind : KubeKinds.WORKLOADS) {
      for (KubeObject o : inventory.inNamespace(kind, ns)) {
        if (LabelSelectors.plainSelects(selector, o.podLabels()) && !isOwnedByPresentController(o)) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /** The Services an Ingress routes to (default backend and every rule's paths), those that exist. */
  public List<KubeObject> servicesOfIngress(KubeObject ingress) {
    Set<String> names = new LinkedHashSet<>(ingressServiceNames(ingress.content()));
    List<KubeObject> out = new ArrayList<>();
    for (String name : names) {
      inventory.find("Service", ingress.ref().namespace(), name).ifPresent(out::add);
    }
    out.sort(BY_REF);
    return out;
  }

  /** The Ingresses that route to a Service. */
  public List<KubeObject> ingressesRoutingTo(KubeObject service) {
    List<KubeObject> out = new ArrayList<>();
    for (KubeObject ing : inventory.inNamespace("Ingress", service.ref().namespace())) {
      if (ingressServiceNames(ing.content()).contains(service.ref().name())) {
        out.add(ing);
      }
    }
    out.sort(BY_REF);
    return out;
  }

  static List<String> ingressServiceNames(Map<String, Object> ingress) {
    List<String> names = new ArrayList<>();
    addBackend(ObjectTrees.map(ingress, "spec", "defaultBackend"), names);
    addBackend(ObjectTrees.map(ingress, "spec", "backend"), names);
    for (Object rule : ObjectTrees.list(ingress, "spec", "rules")) {
      for (Object path : ObjectTrees.list(rule, "http", "paths")) {
        addBackend(ObjectTrees.map(path, "backend"), names);
      }
    }
    return names;
  }

  private static void addBackend(Map<String, Object> backend, List<String> names) {
    String name = ObjectTrees.text(backend, "service", "name");
    if (name.isEmpty()) {
      name = ObjectTrees.text(backend, "serviceName");
    }
    if (!name.isEmpty()) {
      names.add(name);
    }
  }

  /** The RoleBindings and ClusterRoleBindings that name a subject. */
  public List<KubeObject> bindingsOf(Subject subject) {
    List<KubeObject> out = new ArrayList<>();
    for (ResourceRef ref : inventory.bindingsNaming(subject.key())) {
      inventory.get(ref).ifPresent(out::add);
    }
    if (subject.kind().equals("ServiceAccount")) {
      // Groups every service account belongs to.
      for (String group : List.of("system:serviceaccounts", "system:serviceaccounts:" + subject.namespace(),
          "system:authenticated")) {
        for (ResourceRef ref : inventory.bindingsNaming(Subject.key("Group", "", group))) {
          inventory.get(ref).ifPresent(out::add);
        }
      }
    }
    out.sort(BY_REF);
    return out;
  }

  /** The bindings that refer to a Role or ClusterRole. */
  public List<KubeObject> bindingsOfRole(KubeObject role) {
    List<KubeObject> out = new ArrayList<>();
    for (ResourceRef ref : inventory.bindingsReferring(
        Inventory.roleKey(role.ref().kind(), role.ref().namespace(), role.ref().name()))) {
      inventory.get(ref).ifPresent(out::add);
    }
    out.sort(BY_REF);
    return out;
  }

  /** The role a binding refers to, if present. */
  public Optional<KubeObject> roleOf(KubeObject binding) {
    Map<String, Object> roleRef = ObjectTrees.map(binding.content(), "roleRef");
    String kind = ObjectTrees.text(roleRef, "kind");
    String name = ObjectTrees.text(roleRef, "name");
    return kind.equals("ClusterRole") ? inventory.find("ClusterRole", "", name)
        : inventory.find("Role", binding.ref().namespace(), name);
  }

  /** Every rule a subject holds through its bindings (aggregated ClusterRoles included). */
  public List<Permission> permissionsOf(Subject subject) {
    List<Permission> out = new ArrayList<>();
    for (KubeObject binding : bindingsOf(subject)) {
      Optional<KubeObject> role = roleOf(binding);
      if (role.isEmpty()) {
        continue;
      }
      String scope = binding.ref().kind().equals("ClusterRoleBinding") ? "" : binding.ref().namespace();
      for (Object rule : rulesOf(role.get())) {
        out.add(new Permission(scope, strings(rule, "apiGroups"), strings(rule, "resources"), strings(rule, "verbs"),
            strings(rule, "resourceNames"), strings(rule, "nonResourceURLs"), binding.ref(), role.get().ref()));
      }
    }
    return out;
  }

  /** A role's rules; for an aggregated ClusterRole without rules, the rules of the ClusterRoles it selects. */
  public List<Object> rulesOf(KubeObject role) {
    Map<String, Object> content = role.content();
    List<Object> rules = new ArrayList<>(ObjectTrees.list(content, "rules"));
    List<Object> selectors = ObjectTrees.list(content, "aggregationRule", "clusterRoleSelectors");
    if (rules.isEmpty() && !selectors.isEmpty()) {
      inventory.ofKind("ClusterRole").filter(r -> !r.ref().equals(role.ref())).forEach(other -> {
        Map<String, Object> oc = other.content();
        Map<String, Object> labels = ObjectTrees.map(oc, "metadata", "labels");
        for (Object sel : selectors) {
          if (sel instanceof Map<?, ?> m && !m.isEmpty() && LabelSelectors.selects(ObjectTrees.map(sel), labels)) {
            rules.addAll(ObjectTrees.list(oc, "rules"));
            break;
          }
        }
      });
    }
    return rules;
  }

  private static List<String> strings(Object rule, String field) {
    return ObjectTrees.list(rule, field).stream().map(String::valueOf).toList();
  }

  /** The NetworkPolicies of a namespace (each covers the pods its podSelector selects there). */
  public List<KubeObject> networkPoliciesIn(String namespace) {
    List<KubeObject> out = new ArrayList<>(inventory.inNamespace("NetworkPolicy", namespace));
    out.sort(BY_REF);
    return out;
  }

  /** The NetworkPolicies whose podSelector selects a workload's pods. */
  public List<KubeObject> networkPoliciesCovering(Workload workload) {
    List<KubeObject> out = new ArrayList<>();
    for (KubeObject np : networkPoliciesIn(workload.ref().namespace())) {
      if (LabelSelectors.selects(ObjectTrees.map(np.content(), "spec", "podSelector"), workload.podLabels())) {
        out.add(np);
      }
    }
    return out;
  }

  /** The workloads running as a ServiceAccount. */
  public List<Workload> workloadsUsing(String namespace, String serviceAccount) {
    List<Workload> out = new ArrayList<>();
    for (String kind : KubeKinds.WORKLOADS) {
      for (KubeObject o : inventory.inNamespace(kind, namespace)) {
        if (o.serviceAccountName().equals(serviceAccount) && !isOwnedByPresentController(o)) {
          out.add(workload(o));
        }
      }
    }
    out.sort(Comparator.comparing(Workload::ref));
    return out;
  }

  /** The cluster's version and its nodes' software. */
  public ClusterFacts clusterFacts() {
    List<ClusterFacts.NodeFacts> nodes = inventory.ofKind("Node").sorted(BY_REF).map(n -> {
      Map<String, Object> info = ObjectTrees.map(n.content(), "status", "nodeInfo");
      return new ClusterFacts.NodeFacts(n.ref().name(), ObjectTrees.text(info, "kubeletVersion"),
          ObjectTrees.text(info, "containerRuntimeVersion"), ObjectTrees.text(info, "kernelVersion"),
          ObjectTrees.text(info, "osImage"), ObjectTrees.text(info, "operatingSystem"),
          ObjectTrees.text(info, "architecture"));
    }).toList();
    return new ClusterFacts(inventory.kubernetesVersion(), nodes);
  }
}
