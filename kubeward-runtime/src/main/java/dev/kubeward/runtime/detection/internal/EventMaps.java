package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.FileAccess;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized event as CEL sees it ({@code event.process.name}, {@code event.api.podSpec.privileged}). Every field
 * is always present, numbers are Long, so conditions need no {@code has()} except inside {@code event.api.object}.
 * The field list is documented for detection authors in {@code docs/runtime-detections.md}.
 */
public final class EventMaps {
  private EventMaps() {}

  /** The map for one event. */
  public static Map<String, Object> of(RuntimeEvent e) {
    Map<String, Object> m = new HashMap<>(40);
    m.put("id", e.id());
    m.put("source", e.source().wireName());
    m.put("kind", e.kind().wireName());
    m.put("timeSeconds", e.time().getEpochSecond());
    m.put("cluster", e.cluster());
    m.put("namespace", e.namespace());
    m.put("pod", e.pod());
    m.put("podLabels", e.podLabels());
    m.put("workload", Map.of("kind", e.workload().kind(), "name", e.workload().name()));
    m.put("container", e.container());
    m.put("containerId", e.containerId());
    m.put("image", e.image());
    m.put("imageDigest", e.imageDigest());
    m.put("node", e.node());
    m.put("syscall", e.syscall());
    m.put("inContainer", e.inContainer());
    m.put("user", user(e.user()));
    m.put("process", process(e.process()));
    m.put("parent", process(e.parent()));
    m.put("file", file(e.file()));
    m.put("network", network(e.network()));
    m.put("api", api(e.api()));
    Map<String, Object> sensor = new HashMap<>(8);
    sensor.put("rule", e.sensor().rule());
    sensor.put("priority", e.sensor().priority());
    sensor.put("tags", e.sensor().tags());
    sensor.put("output", e.sensor().output());
    sensor.put("fields", e.sensor().fields());
    m.put("sensor", sensor);
    return m;
  }

  private static Map<String, Object> user(Actor a) {
    Map<String, Object> m = new HashMap<>(10);
    m.put("name", a.name());
    m.put("uid", a.uid());
    m.put("groups", a.groups());
    m.put("impersonatedBy", a.impersonatedBy());
    m.put("serviceAccount", a.serviceAccount());
    m.put("serviceAccountNamespace", a.serviceAccountNamespace());
    m.put("anonymous", a.anonymous());
    return m;
  }

  private static Map<String, Object> process(ProcessInfo p) {
    Map<String, Object> m = new HashMap<>(20);
    m.put("pid", p.pid());
    m.put("executable", p.executable());
    m.put("name", p.name());
    m.put("commandLine", p.commandLine());
    m.put("arguments", p.arguments());
    m.put("cwd", p.cwd());
    m.put("uid", p.uid());
    m.put("userName", p.userName());
    m.put("execId", p.execId());
    m.put("exeUpperLayer", p.exeUpperLayer());
    m.put("exeFromMemory", p.exeFromMemory());
    m.put("tty", p.tty());
    m.put("capabilities", p.capabilities());
    m.put("hostNamespaces", p.hostNamespaces());
    return m;
  }

  private static Map<String, Object> file(FileAccess f) {
    int slash = f.path().lastIndexOf('/');
    return Map.of("path", f.path(), "operation", f.operation(),
        "name", slash >= 0 ? f.path().substring(slash + 1) : f.path(),
        "directory", slash > 0 ? f.path().substring(0, slash) : slash == 0 ? "/" : "");
  }

  private static Map<String, Object> network(NetworkPeer n) {
    Map<String, Object> m = new HashMap<>(10);
    m.put("protocol", n.protocol());
    m.put("sourceIp", n.sourceIp());
    m.put("sourcePort", (long) n.sourcePort());
    m.put("destinationIp", n.destinationIp());
    m.put("destinationPort", (long) n.destinationPort());
    m.put("destinationHost", n.destinationHost());
    m.put("direction", n.direction());
    return m;
  }

  private static Map<String, Object> api(ApiRequest a) {
    Map<String, Object> m = new HashMap<>(24);
    m.put("auditId", a.auditId());
    m.put("stage", a.stage());
    m.put("verb", a.verb());
    m.put("resource", a.resource());
    m.put("subresource", a.subresource());
    m.put("resourcePath", a.resourcePath());
    m.put("apiGroup", a.apiGroup());
    m.put("apiVersion", a.apiVersion());
    m.put("namespace", a.namespace());
    m.put("name", a.name());
    m.put("requestUri", a.requestUri());
    m.put("responseCode", (long) a.responseCode());
    m.put("decision", a.decision());
    m.put("allowed", a.allowed());
    m.put("userAgent", a.userAgent());
    m.put("sourceIps", a.sourceIps());
    m.put("object", a.object());
    m.put("podSpec", podSpec(a.podSpec()));
    return m;
  }

  private static Map<String, Object> podSpec(PodSpecSummary s) {
    Map<String, Object> m = new HashMap<>(12);
    m.put("present", s != PodSpecSummary.NONE);
    m.put("hostNetwork", s.hostNetwork());
    m.put("hostPid", s.hostPid());
    m.put("hostIpc", s.hostIpc());
    m.put("privileged", s.privileged());
    m.put("allowPrivilegeEscalation", s.allowPrivilegeEscalation());
    m.put("hostPaths", s.hostPaths());
    m.put("addedCapabilities", s.addedCapabilities());
    m.put("images", s.images());
    m.put("serviceAccountName", s.serviceAccountName());
    return m;
  }

  /** Parameters with numbers widened to Long/Double, as CEL needs. */
  @SuppressWarnings("unchecked")
  public static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Short s) {
      return s.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof java.math.BigInteger b) {
      return b.longValue();
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new HashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      return ((List<Object>) list).stream().map(EventMaps::normalize).toList();
    }
    return v;
  }
}
