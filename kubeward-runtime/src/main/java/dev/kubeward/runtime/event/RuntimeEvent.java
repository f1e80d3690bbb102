package dev.kubeward.runtime.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized event: whatever the sensor, the same fields. Text fields are "" when unknown and nested parts are
 * their {@code NONE} value, so detections and the server never meet nulls.
 *
 * @param id unique id of the event ({@code <source>:<native id>}); the same input gives the same id
 * @param source the sensor that reported it
 * @param kind what happened
 * @param time when it happened (the sensor's timestamp)
 * @param cluster the Kubeward cluster id the events were ingested for
 * @param namespace Kubernetes namespace, or ""
 * @param pod pod name, or ""
 * @param podLabels pod labels, where the sensor or the enricher knows them
 * @param workload the pod's owning workload, or {@link WorkloadRef#NONE}
 * @param container container name, or ""
 * @param containerId container id without the runtime prefix, or ""
 * @param image image reference ({@code nginx:1.25}), or ""
 * @param imageDigest image digest ({@code sha256:...}), or ""
 * @param node node name, or ""
 * @param syscall for {@link EventKind#SYSCALL} and sensor alerts, the system call or kernel function, else ""
 * @param user who acted
 * @param process the process (for process, file and network events)
 * @param parent the parent process, or {@link ProcessInfo#NONE}
 * @param file the file touched, or {@link FileAccess#NONE}
 * @param network the connection, or {@link NetworkPeer#NONE}
 * @param api the API request, or {@link ApiRequest#NONE}
 * @param sensor the sensor's own rule result, or {@link SensorFinding#NONE}
 * @param raw where the original is
 */
public record RuntimeEvent(
    String id,
    EventSource source,
    EventKind kind,
    Instant time,
    String cluster,
    String namespace,
    String pod,
    Map<String, String> podLabels,
    WorkloadRef workload,
    String container,
    String containerId,
    String image,
    String imageDigest,
    String node,
    String syscall,
    Actor user,
    ProcessInfo process,
    ProcessInfo parent,
    FileAccess file,
    NetworkPeer network,
    ApiRequest api,
    SensorFinding sensor,
    RawRef raw) {

  public RuntimeEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    cluster = nz(cluster);
    namespace = nz(namespace);
    pod = nz(pod);
    podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
    workload = workload == null ? WorkloadRef.NONE : workload;
    container = nz(container);
    containerId = nz(containerId);
    image = nz(image);
    imageDigest = nz(imageDigest);
    node = nz(node);
    syscall = nz(syscall);
    user = user == null ? Actor.NONE : user;
    process = process == null ? ProcessInfo.NONE : process;
    parent = parent == null ? ProcessInfo.NONE : parent;
    file = file == null ? FileAccess.NONE : file;
    network = network == null ? NetworkPeer.NONE : network;
    api = api == null ? ApiRequest.NONE : api;
    sensor = sensor == null ? SensorFinding.NONE : sensor;
    raw = raw == null ? new RawRef("", "", 0) : raw;
  }

  /** True when the event happened inside a container (as opposed to the host or the API server). */
  public boolean inContainer() {
    return !containerId.isEmpty() || !pod.isEmpty();
  }

  /** A copy with another workload and labels (used by enrichers). */
  public RuntimeEvent withWorkload(WorkloadRef newWorkload, Map<String, String> labels) {
    return toBuilder().workload(newWorkload).podLabels(labels).build();
  }

  /** A builder pre-filled with this event's fields. */
  public Builder toBuilder() {
    return new Builder(id, source, kind, time).cluster(cluster).namespace(namespace).pod(pod).podLabels(podLabels)
        .workload(workload).container(container).containerId(containerId).image(image).imageDigest(imageDigest)
        .node(node).syscall(syscall).user(user).process(process).parent(parent).file(file).network(network).api(api)
        .sensor(sensor).raw(raw);
  }

  /** A builder for an event with the required fields. */
  public static Builder builder(String id, EventSource source, EventKind kind, Instant time) {
    return new Builder(id, source, kind, time);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Builds events field by field; formats use it so a new field does not touch every constructor call. */
  public static final class Builder {
    private String id;
    private EventSource source;
    private EventKind kind;
    private Instant time;
    private String cluster;
    private String namespace;
    private String pod;
    private Map<String, String> podLabels;
    private WorkloadRef workload;
    private String container;
    private String containerId;
    private String image;
    private String imageDigest;
    private String node;
    private String syscall;
    private Actor user;
    private ProcessInfo process;
    private ProcessInfo parent;
    private FileAccess file;
    private NetworkPeer network;
    private ApiRequest api;
    private SensorFinding sensor;
    private RawRef raw;

    private Builder(String id, EventSource source, EventKind kind, Instant time) {
      this.id = id;
      this.source = source;
      this.kind = kind;
      this.time = time;
    }

    public Builder id(String v) { this.id = v; return this; }
    public Builder kind(EventKind v) { this.kind = v; return this; }
    public Builder time(Instant v) { this.time = v; return this; }
    public Builder cluster(String v) { this.cluster = v; return this; }
    public Builder namespace(String v) { this.namespace = v; return this; }
    public Builder pod(String v) { this.pod = v; return this; }
    public Builder podLabels(Map<String, String> v) { this.podLabels = v; return this; }
    public Builder workload(WorkloadRef v) { this.workload = v; return this; }
    public Builder container(String v) { this.container = v; return this; }
    public Builder containerId(String v) { this.containerId = v; return this; }
    public Builder image(String v) { this.image = v; return this; }
    public Builder imageDigest(String v) { this.imageDigest = v; return this; }
    public Builder node(String v) { this.node = v; return this; }
    public Builder syscall(String v) { this.syscall = v; return this; }
    public Builder user(Actor v) { this.user = v; return this; }
    public Builder process(ProcessInfo v) { this.process = v; return this; }
    public Builder parent(ProcessInfo v) { this.parent = v; return this; }
    public Builder file(FileAccess v) { this.file = v; return this; }
    public Builder network(NetworkPeer v) { this.network = v; return this; }
    public Builder api(ApiRequest v) { this.api = v; return this; }
    public Builder sensor(SensorFinding v) { this.sensor = v; return this; }
    public Builder raw(RawRef v) { this.raw = v; return this; }

    /** The event. */
    public RuntimeEvent build() {
      return new RuntimeEvent(id, source, kind, time, cluster, namespace, pod, podLabels, workload, container,
          containerId, image, imageDigest, node, syscall, user, process, parent, file, network, api, sensor, raw);
    }
  }
}
