package dev.kubeward.inventory;

import dev.kubeward.inventory.internal.ObjectTrees;
import dev.kubeward.inventory.internal.StringPool;
import dev.kubeward.model.ResourceRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Kubernetes object as the inventory holds it: its identity, where it came from, and its content. The content is
 * kept as compact JSON and parsed on demand into a fresh, normalised tree ({@link #content()}), so a large inventory
 * costs about its JSON size and callers can never corrupt the stored copy.
 *
 * <p>Secrets never carry {@code data}/{@code stringData}; ConfigMaps carry their keys with empty values; the
 * {@code last-applied-configuration} annotation is dropped (it repeats the object, Secrets' data included).
 */
public final class KubeObject {
  private final ResourceRef ref;
  private final String uid;
  private final SourceLocation source;
  private final byte[] json;
  private final OwnerRef controller;
  // Relationship keys, extracted once so graph queries never parse content: a workload's pod labels and service
  // account, a Service's selector. Empty for other kinds.
  private final Map<String, String> selectableLabels;
  private final Map<String, String> selector;
  private final String serviceAccount;

  private KubeObject(ResourceRef ref, String uid, SourceLocation source, byte[] json, OwnerRef controller,
      Map<String, String> selectableLabels, Map<String, String> selector, String serviceAccount) {
    this.ref = ref;
    this.uid = uid;
    this.source = source;
    this.json = json;
    this.controller = controller;
    this.selectableLabels = selectableLabels;
    this.selector = selector;
    this.serviceAccount = serviceAccount;
  }

  /**
   * Builds an object from a parsed tree (maps, lists, scalars). The tree is normalised and sanitised first.
   *
   * @param source where it was read from, or null for live objects
   * @throws IllegalArgumentException when the tree has no kind, apiVersion or metadata.name
   */
  public static KubeObject of(Map<String, ?> tree, SourceLocation source) {
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) ObjectTrees.normalize(tree);
    String kind = ObjectTrees.text(content, "kind");
    String apiVersion = ObjectTrees.text(content, "apiVersion");
    if (kind.isEmpty()) {
      throw new IllegalArgumentException("the object has no kind");
    }
    if (apiVersion.isEmpty()) {
      throw new IllegalArgumentException(kind + " has no apiVersion");
    }
    String name = ObjectTrees.text(content, "metadata", "name");
    if (name.isEmpty()) {
      String generate = ObjectTrees.text(content, "metadata", "generateName");
      if (generate.isEmpty()) {
        throw new IllegalArgumentException(kind + " has no metadata.name");
      }
      name = generate;
    }
    Sanitizer.sanitize(kind, content);
    ResourceRef ref = new ResourceRef(StringPool.intern(apiVersion), StringPool.intern(kind),
        StringPool.intern(ObjectTrees.text(content, "metadata", "namespace")), StringPool.intern(name));
    OwnerRef controller = null;
    for (Object o : ObjectTrees.list(content, "metadata", "ownerReferences")) {
      if (Boolean.TRUE.equals(ObjectTrees.get(o, "controller"))) {
        controller = new OwnerRef(StringPool.intern(ObjectTrees.text(o, "kind")), StringPool.intern(ObjectTrees.text(o, "name")),
            ObjectTrees.text(o, "uid"));
      }
    }
    Map<String, String> labels = Map.of();
    String serviceAccount = "";
    if (KubeKinds.isWorkload(kind)) {
      labels = strings(ObjectTrees.map(KubeKinds.podMetadata(content), "labels"));
      Map<String, Object> spec = KubeKinds.podSpec(content);
      serviceAccount = ObjectTrees.text(spec, "serviceAccountName");
      if (serviceAccount.isEmpty()) {
        serviceAccount = ObjectTrees.text(spec, "serviceAccount");
      }
      serviceAccount = StringPool.intern(serviceAccount.isEmpty() ? "default" : serviceAccount);
    }
    Map<String, String> selector = kind.equals("Service") ? strings(ObjectTrees.map(content, "spec", "selector")) : Map.of();
    return new KubeObject(ref, ObjectTrees.text(content, "metadata", "uid"), source, ObjectTrees.toJson(content), controller,
        labels, selector, serviceAccount);
  }

  private static Map<String, String> strings(Map<String, Object> map) {
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>();
    map.forEach((k, v) -> out.put(StringPool.intern(k), StringPool.intern(String.valueOf(v))));
    return Map.copyOf(out);
  }

  /** A workload's pod labels (what Services and NetworkPolicies select), or empty. */
  Map<String, String> podLabels() {
    return selectableLabels;
  }

  /** A Service's selector, or empty. */
  Map<String, String> serviceSelector() {
    return selector;
  }

  /** A workload's service account ({@code default} when unset), or "" for other kinds. */
  String serviceAccountName() {
    return serviceAccount;
  }

  /** The object's identity. */
  public ResourceRef ref() {
    return ref;
  }

  /** {@code metadata.uid}, or "" for objects read from files. */
  public String uid() {
    return uid;
  }

  /** The file and line it was read from; empty for objects from a live cluster. */
  public Optional<SourceLocation> source() {
    return Optional.ofNullable(source);
  }

  /** The controlling owner ({@code ownerReferences[controller=true]}), if any. */
  public Optional<OwnerRef> controller() {
    return Optional.ofNullable(controller);
  }

  /**
   * A fresh normalised tree of the object: String keys, {@code Long}/{@code Double} numbers, no null values. Each
   * call parses anew; keep the result while you need it.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> content() {
    return (Map<String, Object>) ObjectTrees.fromJsonTransient(json);
  }

  /** The compact JSON text of the content. */
  public String json() {
    return new String(json, StandardCharsets.UTF_8);
  }

  /** Size of the stored JSON in bytes. */
  public int jsonSize() {
    return json.length;
  }

  /** True when both hold the same content (resourceVersion and managed fields included). */
  public boolean sameContent(KubeObject other) {
    return other != null && java.util.Arrays.equals(json, other.json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KubeObject k && k.ref.equals(ref) && java.util.Arrays.equals(json, k.json)
        && Objects.equals(source, k.source);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return ref.key() + (source != null ? " (" + source + ")" : "");
  }

  /** A reference to an owning object in the same namespace. */
  public record OwnerRef(String kind, String name, String uid) {}

  /** Removes what the inventory must never keep. */
  static final class Sanitizer {
    private Sanitizer() {}

    @SuppressWarnings("unchecked")
    static void sanitize(String kind, Map<String, Object> content) {
      Object meta = content.get("metadata");
      if (meta instanceof Map<?, ?> m) {
        ((Map<String, Object>) m).remove("managedFields");
        Object annotations = m.get("annotations");
        if (annotations instanceof Map<?, ?> a) {
          ((Map<String, Object>) a).remove("kubectl.kubernetes.io/last-applied-configuration");
        }
      }
      if (kind.equals("Secret")) {
        content.remove("data");
        content.remove("stringData");
      } else if (kind.equals("ConfigMap")) {
        for (String field : List.of("data", "binaryData")) {
          Object data = content.get(field);
          if (data instanceof Map<?, ?> d) {
            ((Map<String, Object>) d).replaceAll((k, v) -> "");
          }
        }
      }
    }
  }
}
