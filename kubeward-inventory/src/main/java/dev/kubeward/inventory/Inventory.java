package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.ObjectTrees;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The current set of Kubernetes objects of one cluster (or one set of manifests), indexed by kind, namespace and name,
 * with the kinds that could not be read and the cluster's facts. Thread-safe: the live source writes while the rule
 * engine reads. Listeners hear every change; {@link #graph()} answers relationship questions over the same data.
 */
public final class Inventory {
  private final Map<String, Map<String, Map<String, KubeObject>>> byKind = new ConcurrentHashMap<>();
  private final Map<String, Set<ResourceRef>> bindingsBySubject = new ConcurrentHashMap<>();
  private final Map<String, Set<ResourceRef>> bindingsByRole = new ConcurrentHashMap<>();
  private final Map<String, NotEvaluated> notEvaluatedKinds = new ConcurrentHashMap<>();
  private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();
  private final ResourceGraph graph = new ResourceGraph(this);
  private volatile String kubernetesVersion = "";

  /** Adds or replaces an object (matched by kind, namespace and name) and tells the listeners. */
  public KubeObject put(KubeObject object) {
    ResourceRef ref = object.ref();
    KubeObject before = byKind.computeIfAbsent(kindKey(ref), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(ref.namespace(), k -> new ConcurrentHashMap<>())
        .put(ref.name(), object);
    if (isBinding(ref.kind())) {
      if (before != null) {
        unindexBinding(before);
      }
      indexBinding(object);
    }
    for (InventoryListener l : listeners) {
      l.changed(before, object);
    }
    return before;
  }

  /** Removes the object with this kind, namespace and name, if present, and tells the listeners. */
  public Optional<KubeObject> remove(ResourceRef ref) {
    Map<String, Map<String, KubeObject>> namespaces = byKind.get(kindKey(ref));
    Map<String, KubeObject> names = namespaces == null ? null : namespaces.get(ref.namespace());
    KubeObject before = names == null ? null : names.remove(ref.name());
    if (before == null) {
      return Optional.empty();
    }
    if (isBinding(ref.kind())) {
      unindexBinding(before);
    }
    for (InventoryListener l : listeners) {
      l.changed(before, null);
    }
    return Optional.of(before);
  }

  /** Removes every object of one kind (used when a watch restarts from a fresh list). */
  public void clearKind(String kind) {
    for (KubeObject o : ofKind(kind).toList()) {
      remove(o.ref());
    }
  }

  /** The object with this kind, namespace and name (the API version is not compared). */
  public Optional<KubeObject> get(ResourceRef ref) {
    return find(ref.kind(), ref.namespace(), ref.name(), groupOf(ref.apiVersion()));
  }

  /** The object of a watched kind (e.g. {@code ServiceAccount}) with this namespace and name. */
  public Optional<KubeObject> find(String kind, String namespace, String name) {
    return find(kind, namespace, name, KubeKinds.byKind(kind).map(KubeKinds.Kind::group).orElse(""));
  }

  private Optional<KubeObject> find(String kind, String namespace, String name, String group) {
    Map<String, Map<String, KubeObject>> namespaces = byKind.get(kindKey(group, kind));
    Map<String, KubeObject> names = namespaces == null ? null : namespaces.get(namespace == null ? "" : namespace);
    return Optional.ofNullable(names == null ? null : names.get(name));
  }

  /** Every object of a kind, across namespaces. */
  public Stream<KubeObject> ofKind(String kind) {
    Map<String, Map<String, KubeObject>> namespaces = byKind.get(kindKey(
        KubeKinds.byKind(kind).map(KubeKinds.Kind::group).orElse(""), kind));
    return namespaces == null ? Stream.empty() : namespaces.values().stream().flatMap(m -> m.values().stream());
  }

  /** The objects of a kind in one namespace. */
  public Collection<KubeObject> inNamespace(String kind, String namespace) {
    Map<String, Map<String, KubeObject>> namespaces = byKind.get(kindKey(
        KubeKinds.byKind(kind).map(KubeKinds.Kind::group).orElse(""), kind));
    Map<String, KubeObject> names = namespaces == null ? null : namespaces.get(namespace);
    return names == null ? List.of() : names.values();
  }

  /** Every object. */
  public Stream<KubeObject> all() {
    return byKind.values().stream().flatMap(ns -> ns.values().stream()).flatMap(m -> m.values().stream());
  }

  /** Number of objects. */
  public int size() {
    return byKind.values().stream().flatMap(ns -> ns.values().stream()).mapToInt(Map::size).sum();
  }

  /** The namespaces that have a Namespace object or hold any namespaced object. */
  public Set<String> namespaces() {
    Set<String> out = new java.util.TreeSet<>();
    ofKind("Namespace").forEach(n -> out.add(n.ref().name()));
    byKind.values().forEach(ns -> ns.forEach((name, objects) -> {
      if (!name.isEmpty() && !objects.isEmpty()) {
        out.add(name);
      }
    }));
    return out;
  }

  /** Records that a kind could not be read (forbidden, not served); it is never counted as passing. */
  public void markNotEvaluated(String kind, NotEvaluated why) {
    notEvaluatedKinds.put(kind, why);
  }

  /** Clears a kind's not-evaluated mark once it can be read. */
  public void clearNotEvaluated(String kind) {
    notEvaluatedKinds.remove(kind);
  }

  /** True when a kind could not be read. */
  public boolean isNotEvaluated(String kind) {
    return notEvaluatedKinds.containsKey(kind);
  }

  /** Kinds that could not be read, and why, sorted by kind. */
  public Map<String, NotEvaluated> notEvaluatedKinds() {
    return new TreeMap<>(notEvaluatedKinds);
  }

  /** Sets the cluster's Kubernetes version ({@code v1.30.2}); "" when unknown (manifests). */
  public void setKubernetesVersion(String version) {
    kubernetesVersion = version == null ? "" : version;
  }

  /** The cluster's Kubernetes version, or "" when unknown. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** Registers a listener for every later change. */
  public void addListener(InventoryListener listener) {
    listeners.add(listener);
  }

  /** Unregisters a listener. */
  public void removeListener(InventoryListener listener) {
    listeners.remove(listener);
  }

  /** Relationship queries over this inventory (a live view, not a copy). */
  public ResourceGraph graph() {
    return graph;
  }

  Collection<ResourceRef> bindingsNaming(String subjectKey) {
    Set<ResourceRef> refs = bindingsBySubject.get(subjectKey);
    return refs == null ? List.of() : new ArrayList<>(refs);
  }

  Collection<ResourceRef> bindingsReferring(String roleKey) {
    Set<ResourceRef> refs = bindingsByRole.get(roleKey);
    return refs == null ? List.of() : new ArrayList<>(refs);
  }

  /** The key of a role as bindings refer to it: {@code ClusterRole||name} or {@code Role|namespace|name}. */
  static String roleKey(String kind, String namespace, String name) {
    return kind.equals("ClusterRole") ? "ClusterRole||" + name : "Role|" + namespace + "|" + name;
  }

  private static String roleKeyOf(KubeObject binding) {
    Map<String, Object> roleRef = ObjectTrees.map(binding.content(), "roleRef");
    return roleKey(ObjectTrees.text(roleRef, "kind"), binding.ref().namespace(), ObjectTrees.text(roleRef, "name"));
  }

  private void indexBinding(KubeObject binding) {
    for (String key : subjectKeys(binding)) {
      bindingsBySubject.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(binding.ref());
    }
    bindingsByRole.computeIfAbsent(roleKeyOf(binding), k -> ConcurrentHashMap.newKeySet()).add(binding.ref());
  }

  private void unindexBinding(KubeObject binding) {
    Set<ResourceRef> byRole = bindingsByRole.get(roleKeyOf(binding));
    if (byRole != null) {
      byRole.remove(binding.ref());
    }
    for (String key : subjectKeys(binding)) {
      Set<ResourceRef> refs = bindingsBySubject.get(key);
      if (refs != null) {
        refs.remove(binding.ref());
      }
    }
  }

  private static List<String> subjectKeys(KubeObject binding) {
    List<String> keys = new ArrayList<>();
    for (Object s : ObjectTrees.list(binding.content(), "subjects")) {
      String kind = ObjectTrees.text(s, "kind");
      String ns = kind.equals("ServiceAccount")
          ? firstNonEmpty(ObjectTrees.text(s, "namespace"), binding.ref().namespace()) : "";
      keys.add(Subject.key(kind, ns, ObjectTrees.text(s, "name")));
    }
    return keys;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  private static boolean isBinding(String kind) {
    return kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding");
  }

  private static String kindKey(ResourceRef ref) {
    return kindKey(groupOf(ref.apiVersion()), ref.kind());
  }

  private static String kindKey(String group, String kind) {
    // Old API groups of the same kind (extensions/v1beta1 Ingress) share the kind's key.
    if (KubeKinds.byKind(kind).isPresent()) {
      return kind;
    }
    return group.isEmpty() ? kind : group + "/" + kind;
  }

  static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
