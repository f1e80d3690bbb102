package dev.kubeward.runtime.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One thing an event involves, identified so that the same thing always gives the same {@link #key()}: a workload
 * is {@code namespace/Kind/name}, a pod {@code namespace/name}, a container {@code namespace/pod/name}, a resource
 * {@code resource/namespace/name}, a process its executable (or name).
 *
 * @param type what kind of thing
 * @param value its identifying value within the cluster
 */
public record Entity(EntityType type, String value) implements Comparable<Entity> {
  public Entity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** {@code type:value}, e.g. {@code workload:shop/Deployment/web}. */
  public String key() {
    return type.wireName() + ":" + value;
  }

  @Override
  public int compareTo(Entity o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return key();
  }

  /** The entities of an event, in {@link EntityType} order; absent parts are left out. */
  public static List<Entity> of(RuntimeEvent e) {
    List<Entity> out = new ArrayList<>(8);
    add(out, EntityType.CLUSTER, e.cluster());
    add(out, EntityType.NAMESPACE, e.namespace());
    if (!e.workload().isEmpty()) {
      add(out, EntityType.WORKLOAD, e.namespace() + "/" + e.workload().kind() + "/" + e.workload().name());
    }
    if (!e.pod().isEmpty()) {
      add(out, EntityType.POD, e.namespace() + "/" + e.pod());
      if (!e.container().isEmpty()) {
        add(out, EntityType.CONTAINER, e.namespace() + "/" + e.pod() + "/" + e.container());
      }
    }
    add(out, EntityType.IMAGE, e.image().isEmpty() ? e.imageDigest() : e.image());
    add(out, EntityType.NODE, e.node());
    add(out, EntityType.USER, e.user().name());
    ProcessInfo p = e.process();
    add(out, EntityType.PROCESS, p.executable().isEmpty() ? p.name() : p.executable());
    add(out, EntityType.FILE, e.file().path());
    add(out, EntityType.REMOTE_ADDRESS, e.network().destinationIp());
    ApiRequest api = e.api();
    if (!api.resource().isEmpty()) {
      add(out, EntityType.RESOURCE, api.resourcePath() + "/" + api.namespace() + "/" + api.name());
    }
    return out;
  }

  private static void add(List<Entity> out, EntityType type, String value) {
    if (value != null && !value.isEmpty()) {
      out.add(new Entity(type, value));
    }
  }
}
