package dev.kubeward.runtime.event;

/**
 * The workload that owns a pod ({@code Deployment/web}). Sensors that know it report it; otherwise it is derived from
 * the pod name (a guess the server replaces with the inventory's owner chain through
 * {@link dev.kubeward.runtime.event.EventEnricher}).
 *
 * @param kind {@code Deployment}, {@code StatefulSet}, {@code DaemonSet}, {@code Job}, {@code CronJob}, {@code Pod}, ...
 * @param name workload name
 */
public record WorkloadRef(String kind, String name) {
  /** No workload (cluster-scoped activity or host processes). */
  public static final WorkloadRef NONE = new WorkloadRef("", "");

  public WorkloadRef {
    kind = kind == null ? "" : kind;
    name = name == null ? "" : name;
  }

  /** True when no workload is known. */
  public boolean isEmpty() {
    return name.isEmpty();
  }

  @Override
  public String toString() {
    return isEmpty() ? "" : kind + "/" + name;
  }
}
