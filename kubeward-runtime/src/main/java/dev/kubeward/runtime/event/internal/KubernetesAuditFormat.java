package dev.kubeward.runtime.event.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.DecodeContext;
import dev.kubeward.runtime.event.EventFormat;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.EventInputException.Reason;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes audit events ({@code audit.k8s.io/v1}): the {@code EventList} batches the API server's webhook backend
 * posts, single {@code Event} objects, arrays of them, and audit log files (one Event per line). EventList items are
 * read one at a time, so a batch never sits in memory as one tree.
 */
public final class KubernetesAuditFormat implements EventFormat {
  /** The format id. */
  public static final String ID = "kubernetes-audit";

  private static final Set<String> API_VERSIONS = Set.of("audit.k8s.io/v1", "audit.k8s.io/v1beta1");
  private static final Set<String> STAGES = Set.of("RequestReceived", "ResponseStarted", "ResponseComplete", "Panic");
  private static final Map<String, String> WORKLOAD_KINDS = Map.of(
      "deployments", "Deployment", "daemonsets", "DaemonSet", "statefulsets", "StatefulSet",
      "replicasets", "ReplicaSet", "jobs", "Job", "cronjobs", "CronJob",
      "replicationcontrollers", "ReplicationController");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Kubernetes audit events (audit.k8s.io/v1)";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean recognizes(Object firstValue) {
    Map<String, Object> m = EventFormat.firstObject(firstValue);
    return API_VERSIONS.contains(Fields.str(m, "apiVersion"))
        || (m.containsKey("auditID") && m.containsKey("verb"));
  }

  @Override
  public void read(JsonParser p, DecodeContext ctx) throws IOException, EventInputException {
    if (p.currentToken() == JsonToken.START_ARRAY) {
      ctx.readArrayOfObjects(p, "an audit Event object", this::decodeEvent);
      return;
    }
    // An object: an EventList (items streamed one by one) or a single Event.
    Map<String, Object> envelope = new LinkedHashMap<>();
    boolean sawItems = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("items") && value == JsonToken.START_ARRAY) {
        sawItems = true;
        JsonToken it;
        while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
          if (it != JsonToken.START_OBJECT) {
            throw ctx.problem(Reason.MALFORMED, "expected an audit Event object in items, found " + it);
          }
          Map<String, Object> item = Fields.obj(ctx.readValue(p));
          if (envelope.containsKey("kind")) {
            checkListKind(envelope, ctx);
          }
          // When kind comes after items, the check at the end still rejects the whole batch.
          decodeEvent(item, ctx);
        }
      } else {
        envelope.put(field, ctx.readValue(p));
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw ctx.problem(Reason.MALFORMED, "unexpected end of input");
    }
    if (sawItems || Fields.str(envelope, "kind").equals("EventList")) {
      checkListKind(envelope, ctx);
      if (!sawItems && envelope.get("items") != null) {
        throw ctx.problem(Reason.MALFORMED, "EventList field 'items' is not an array");
      }
      return;
    }
    decodeEvent(envelope, ctx);
  }

  private static void checkListKind(Map<String, Object> envelope, DecodeContext ctx) throws EventInputException {
    String kind = Fields.str(envelope, "kind");
    if (!kind.isEmpty() && !kind.equals("EventList")) {
      throw ctx.problem(Reason.UNKNOWN_EVENT_TYPE, "kind '" + kind + "' is not an audit EventList");
    }
    String apiVersion = Fields.str(envelope, "apiVersion");
    if (!apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) {
      throw ctx.problem(Reason.UNKNOWN_EVENT_TYPE, "apiVersion '" + apiVersion + "' is not audit.k8s.io/v1");
    }
  }

  private void decodeEvent(Map<String, Object> e, DecodeContext ctx) throws EventInputException {
    String kind = Fields.str(e, "kind");
    String apiVersion = Fields.str(e, "apiVersion");
    if (!kind.isEmpty() && !kind.equals("Event")) {
      throw ctx.problem(Reason.UNKNOWN_EVENT_TYPE, "kind '" + kind + "' is not an audit Event");
    }
    if (!apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) {
      throw ctx.problem(Reason.UNKNOWN_EVENT_TYPE, "apiVersion '" + apiVersion + "' is not audit.k8s.io/v1");
    }
    String auditId = Fields.str(e, "auditID");
    String verb = Fields.str(e, "verb");
    String stage = Fields.str(e, "stage");
    if (auditId.isEmpty() || verb.isEmpty() || stage.isEmpty()) {
      throw ctx.problem(Reason.MALFORMED, "audit event lacks " + (auditId.isEmpty() ? "auditID" : verb.isEmpty()
          ? "verb" : "stage"));
    }
    if (!STAGES.contains(stage)) {
      throw ctx.problem(Reason.MALFORMED, "audit event has unknown stage '" + stage + "'");
    }
    if (e.containsKey("user") && !(e.get("user") instanceof Map)) {
      throw ctx.problem(Reason.MALFORMED, "audit event field 'user' is not an object");
    }
    Map<String, Object> ref = Fields.obj(e, "objectRef");
    String resource = Fields.str(ref, "resource");
    String subresource = Fields.str(ref, "subresource");
    String namespace = Fields.str(ref, "namespace");
    String name = Fields.str(ref, "name");

    Map<String, Object> object = Fields.obj(e, "requestObject");
    if (object.isEmpty()) {
      object = Fields.obj(e, "responseObject");
    }
    boolean dataObject = resource.equals("secrets") || resource.equals("configmaps");
    if (!object.isEmpty()) {
      object = Redaction.redact(object, dataObject);
    }
    PodSpecSummary podSpec = subresource.isEmpty() || subresource.equals("ephemeralcontainers")
        ? PodSpecs.summarize(resource, object) : PodSpecSummary.NONE;

    Map<String, String> annotations = Fields.stringMap(e, "annotations");
    String decision = annotations.getOrDefault("authorization.k8s.io/decision", "");
    int code = (int) Fields.num(e, 0, "responseStatus", "code");
    boolean allowed = decision.isEmpty() ? code > 0 && code < 400 : decision.equals("allow");

    String requestUri = Fields.str(e, "requestURI");
    List<String> sourceIps = Fields.strings(e, "sourceIPs");
    Actor user = actor(e);

    Instant time = Fields.time(Fields.str(e, "stageTimestamp"));
    if (time == null) {
      time = Fields.time(Fields.str(e, "requestReceivedTimestamp"));
    }
    if (time == null) {
      time = ctx.ingest().receivedAt();
    }

    ApiRequest api = new ApiRequest(auditId, stage, verb, resource, subresource, Fields.str(ref, "apiGroup"),
        Fields.str(ref, "apiVersion"), namespace, name, requestUri, code, decision, allowed,
        Fields.str(e, "userAgent"), sourceIps, object, podSpec);

    RuntimeEvent.Builder b = RuntimeEvent.builder(ID + ":" + auditId + ":" + stage, EventSource.KUBERNETES_AUDIT,
            EventKind.API_REQUEST, time)
        .cluster(ctx.ingest().cluster()).namespace(namespace).user(user).api(api).raw(ctx.nextRawRef());

    if (resource.equals("pods")) {
      Map<String, String> labels = Fields.stringMap(object, "metadata", "labels");
      b.pod(name).podLabels(labels).workload(Workloads.guess(name, labels));
      if (subresource.equals("exec") || subresource.equals("attach")) {
        Map<String, List<String>> query = query(requestUri);
        b.container(first(query.get("container")));
        List<String> command = query.getOrDefault("command", List.of());
        if (!command.isEmpty()) {
          String exe = command.get(0);
          b.process(new ProcessInfo(-1, exe.startsWith("/") ? exe : "", ProcessInfo.baseName(exe),
              String.join(" ", command), String.join(" ", command.subList(1, command.size())), "", -1, "", null,
              "", false, false, query.containsKey("tty") && first(query.get("tty")).equals("true"), List.of(),
              List.of()));
        }
      }
    } else if (WORKLOAD_KINDS.containsKey(resource) && !name.isEmpty()) {
      b.workload(new WorkloadRef(WORKLOAD_KINDS.get(resource), name));
    }
    if (resource.equals("nodes")) {
      b.node(name);
    } else if (user.name().startsWith("system:node:")) {
      b.node(user.name().substring("system:node:".length()));
    }
    ctx.emit(b.build());
  }

  private static Actor actor(Map<String, Object> e) {
    Map<String, Object> user = Fields.obj(e, "user");
    Map<String, Object> imp = Fields.obj(e, "impersonatedUser");
    if (!imp.isEmpty() && !Fields.str(imp, "username").isEmpty()) {
      return new Actor(Fields.str(imp, "username"), Fields.str(imp, "uid"), Fields.strings(imp, "groups"),
          Fields.str(user, "username"));
    }
    return new Actor(Fields.str(user, "username"), Fields.str(user, "uid"), Fields.strings(user, "groups"), "");
  }

  private static Map<String, List<String>> query(String uri) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    int q = uri.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : uri.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
