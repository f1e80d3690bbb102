package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.FileAccess;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The normalized event as CEL sees it ({@code event.process.name}, {@code event.api.podSpec.privileged}). Every field
 * is always present, numbers are Long, so conditions need no {@code has()} except inside {@code event.api.object}.
 * The field list is documented for detection authors in {@code docs/runtime-detections.md}.
 */
public final class EventMaps {
  private EventMaps() {}

  private static final List<String> KEYS = List.of("id", "source", "kind", "timeSeconds", "cluster", "namespace", "pod",
      "podLabels", "workload", "container", "containerId", "image", "imageDigest", "node", "syscall", "inContainer",
      "user", "process", "parent", "file", "network", "api", "sensor");
  private static final Map<String, Integer> INDEX = index();

  private static Map<String, Integer> index() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < KEYS.size(); i++) {
      m.put(KEYS.get(i), i);
    }
    return Map.copyOf(m);
  }

  /**
   * The map for one event. Parts are built on first access: a condition on an audit event never pays for the
   * process, file and network maps, and one that is rejected by {@code event.api.verb} never builds the rest.
   */
  public static Map<String, Object> of(RuntimeEvent e) {
    return new LazyEventMap(e);
  }

  /** A read-only map whose values are computed when first asked for. */
  private static final class LazyEventMap extends AbstractMap<String, Object> {
    private final RuntimeEvent e;
    private final Object[] values = new Object[KEYS.size()];

    LazyEventMap(RuntimeEvent e) {
      this.e = e;
    }

    @Override
    public Object get(Object key) {
      Integer i = INDEX.get(key);
      if (i == null) {
        return null;
      }
      Object v = values[i];
      if (v == null) {
        v = compute((String) key);
        values[i] = v;
      }
      return v;
    }

    @Override
    public boolean containsKey(Object key) {
      return INDEX.containsKey(key);
    }

    @Override
    public int size() {
      return KEYS.size();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      Map<String, Object> all = new LinkedHashMap<>();
      for (String k : KEYS) {
        all.put(k, get(k));
      }
      return all.entrySet();
    }

    private Object compute(String key) {
      return switch (key) {
        case "id" -> e.id();
        case "source" -> e.source().wireName();
        case "kind" -> e.kind().wireName();
        case "timeSeconds" -> e.time().getEpochSecond();
        case "cluster" -> e.cluster();
        case "namespace" -> e.namespace();
        case "pod" -> e.pod();
        case "podLabels" -> e.podLabels();
        case "workload" -> Map.of("kind", e.workload().kind(), "name", e.workload().name());
        case "container" -> e.container();
        case "containerId" -> e.containerId();
        case "image" -> e.image();
        case "imageDigest" -> e.imageDigest();
        case "node" -> e.node();
        case "syscall" -> e.syscall();
        case "inContainer" -> e.inContainer();
        case "user" -> user(e.user());
        case "process" -> process(e.process());
        case "parent" -> process(e.parent());
        case "file" -> file(e.file());
        case "network" -> network(e.network());
        case "api" -> api(e.api());
        case "sensor" -> sensor(e);
        default -> throw new IllegalStateException(key);
      };
    }
  }

  private static Map<String, Object> sensor(RuntimeEvent e) {
    Map<String, Object> sensor = new HashMap<>(8);
    sensor.put("rule", e.sensor().rule());
    sensor.put("priority", e.sensor().priority());
    sensor.put("tags", e.sensor().tags());
    sensor.put("output", e.sensor().output());
    sensor.put("fields", e.sensor().fields());
    return sensor;
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

  private static final Map<String, Object> NO_POD_SPEC = podSpecMap(PodSpecSummary.NONE);

  private static Map<String, Object> podSpec(PodSpecSummary s) {
    return s == PodSpecSummary.NONE ? NO_POD_SPEC : podSpecMap(s);
  }

  private static Map<String, Object> podSpecMap(PodSpecSummary s) {
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
