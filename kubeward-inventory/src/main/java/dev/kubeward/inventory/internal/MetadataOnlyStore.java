package dev.kubeward.inventory.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The informer's cache, holding only each object's identity and resource version, and the point where full objects
 * are handed to the inventory. The inventory keeps the content; keeping it here too would double the memory, and for
 * Secrets would keep their data. (fabric8 hands event handlers the stored copy, so the full object is only seen here.)
 */
public final class MetadataOnlyStore implements ItemStore<GenericKubernetesResource> {
  private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();
  private final Consumer<GenericKubernetesResource> onPut;
  private final Consumer<GenericKubernetesResource> onRemove;

  /** A store that passes every stored object to {@code onPut} and every removed one to {@code onRemove}. */
  public MetadataOnlyStore(Consumer<GenericKubernetesResource> onPut, Consumer<GenericKubernetesResource> onRemove) {
    this.onPut = onPut;
    this.onRemove = onRemove;
  }

  @Override
  public String getKey(GenericKubernetesResource obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public GenericKubernetesResource put(String key, GenericKubernetesResource obj) {
    GenericKubernetesResource before = items.get(key);
    if (before == null || !java.util.Objects.equals(before.getMetadata().getResourceVersion(),
        obj.getMetadata().getResourceVersion())) {
      onPut.accept(obj);
    }
    return items.put(key, strip(obj));
  }

  @Override
  public GenericKubernetesResource remove(String key) {
    GenericKubernetesResource removed = items.remove(key);
    if (removed != null) {
      onRemove.accept(removed);
    }
    return removed;
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    return items.get(key);
  }

  private static GenericKubernetesResource strip(GenericKubernetesResource obj) {
    ObjectMeta m = obj.getMetadata();
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(obj.getApiVersion());
    copy.setKind(obj.getKind());
    copy.setMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace()).withUid(m.getUid())
        .withResourceVersion(m.getResourceVersion()).build());
    return copy;
  }
}
