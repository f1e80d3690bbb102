package dev.kubeward.runtime.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A deterministic stream of audit events shaped like a busy cluster's webhook traffic: mostly controllers and kubelets
 * reading and renewing leases, some application reads, pod creations with specs, a few people at work and a trickle
 * of suspicious requests, all at stage ResponseComplete as with the usual omitStages: [RequestReceived].
 */
public final class AuditEventMix {
  private static final String[] CONTROLLER_RESOURCES = {"configmaps", "pods", "endpoints", "endpointslices", "nodes",
      "services", "replicasets", "deployments", "namespaces", "serviceaccounts"};
  private static final String[] CONTROLLERS = {"system:kube-controller-manager", "system:kube-scheduler",
      "system:serviceaccount:kube-system:replicaset-controller", "system:serviceaccount:kube-system:endpoint-controller",
      "system:serviceaccount:kube-system:coredns", "system:serviceaccount:monitoring:prometheus"};

  private AuditEventMix() {}

  /** {@code count} events as JSON lines. */
  public static byte[] jsonLines(int count, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(count * 900);
    for (int i = 0; i < count; i++) {
      sb.append(event(r, i, seed)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String event(Random r, int i, long seed) {
    int roll = r.nextInt(1000);
    String ts = "2024-05-01T10:%02d:%02d.%06dZ".formatted((i / 60_000) % 60, (i / 1000) % 60, (i % 1000) * 1000);
    String id = "%08x-%04x-4000-8000-%012x".formatted(seed, i >>> 16, i);
    if (roll < 550) {
      String res = CONTROLLER_RESOURCES[r.nextInt(CONTROLLER_RESOURCES.length)];
      String verb = new String[] {"get", "list", "watch"}[r.nextInt(3)];
      return base(id, verb, CONTROLLERS[r.nextInt(CONTROLLERS.length)], "10.0.0." + (10 + r.nextInt(3)), res,
          "ns-" + r.nextInt(40), verb.equals("get") ? "obj-" + r.nextInt(500) : "", "", 200, ts, "");
    }
    if (roll < 700) {
      int node = r.nextInt(200);
      return base(id, "update", "system:node:node-" + node, "10.0.1." + node, "leases", "kube-node-lease",
          "node-" + node, "", 200, ts, "");
    }
    if (roll < 820) {
      String res = r.nextBoolean() ? "configmaps" : "secrets";
      return base(id, "get", "system:serviceaccount:app-" + r.nextInt(30) + ":default", "10.244." + r.nextInt(50) + "."
          + r.nextInt(250), res, "app-" + r.nextInt(30), "cfg-" + r.nextInt(10), "", 200, ts, "");
    }
    if (roll < 900) {
      return base(id, "patch", "system:node:node-" + r.nextInt(200), "10.0.1." + r.nextInt(200), "pods",
          "app-" + r.nextInt(30), "web-7d4b9c6f5d-" + suffix(r), "status", 200, ts, "");
    }
    if (roll < 960) {
      String pod = "web-7d4b9c6f5d-" + suffix(r);
      return base(id, "create", "system:serviceaccount:kube-system:replicaset-controller", "10.0.0.10", "pods",
          "app-" + r.nextInt(30), pod, "", 201, ts, podObject(pod, r.nextInt(50) == 0));
    }
    if (roll < 990) {
      return base(id, "create", "alice@example.com", "203.0.113.7", "deployments", "app-" + r.nextInt(30), "web",
          "", 201, ts, deploymentObject(r.nextInt(20) == 0));
    }
    return switch (roll % 5) {
      case 0 -> base(id, "create", "bob@example.com", "203.0.113.8", "pods", "app-1", "web-7d4b9c6f5d-" + suffix(r),
          "exec", 101, ts, "");
      case 1 -> base(id, "list", "system:serviceaccount:app-3:default", "198.51.100." + r.nextInt(250), "pods",
          "app-3", "", "", 200, ts, "");
      case 2 -> base(id, "list", "mallory@example.com", "198.51.100.4", "secrets", "", "", "", 200, ts, "");
      case 3 -> base(id, "get", "system:serviceaccount:app-7:default", "10.244.3.3", "secrets", "app-7",
          "s-" + r.nextInt(100), "", 403, ts, "");
      default -> base(id, "get", "system:anonymous", "198.51.100.9", "", "", "", "", 200, ts, "").replace(
          "\"requestURI\":\"/api/v1\"", "\"requestURI\":\"/healthz\"");
    };
  }

  private static String suffix(Random r) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String base(String id, String verb, String user, String ip, String resource, String ns, String name,
      String sub, int code, String ts, String object) {
    StringBuilder uri = new StringBuilder("/api/v1");
    if (!ns.isEmpty()) {
      uri.append("/namespaces/").append(ns);
    }
    if (!resource.isEmpty()) {
      uri.append('/').append(resource);
    }
    if (!name.isEmpty()) {
      uri.append('/').append(name);
    }
    if (!sub.isEmpty()) {
      uri.append('/').append(sub);
    }
    StringBuilder ref = new StringBuilder("{\"resource\":\"").append(resource).append('"');
    if (!ns.isEmpty()) {
      ref.append(",\"namespace\":\"").append(ns).append('"');
    }
    if (!name.isEmpty()) {
      ref.append(",\"name\":\"").append(name).append('"');
    }
    if (!sub.isEmpty()) {
      ref.append(",\"subresource\":\"").append(sub).append('"');
    }
    ref.append(",\"apiVersion\":\"v1\"}");
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"" + (object.isEmpty() ? "Metadata"
        : "Request") + "\",\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"" + uri
        + "\",\"verb\":\"" + verb + "\",\"user\":{\"username\":\"" + user + "\",\"groups\":[\"system:authenticated\"]},"
        + "\"sourceIPs\":[\"" + ip + "\"],\"userAgent\":\"kube-controller-manager/v1.30.1 (linux/amd64) kubernetes/abc\","
        + "\"objectRef\":" + (resource.isEmpty() ? "null" : ref) + ",\"responseStatus\":{\"metadata\":{},\"code\":" + code
        + "}," + (object.isEmpty() ? "" : "\"requestObject\":" + object + ",")
        + "\"requestReceivedTimestamp\":\"" + ts + "\",\"stageTimestamp\":\"" + ts + "\",\"annotations\":{"
        + "\"authorization.k8s.io/decision\":\"" + (code == 403 ? "forbid" : "allow") + "\","
        + "\"authorization.k8s.io/reason\":\"RBAC: allowed by ClusterRoleBinding\"}}";
  }

  private static String podSpec(boolean privileged) {
    return "{\"serviceAccountName\":\"default\",\"containers\":[{\"name\":\"web\",\"image\":\"registry.example.com/web:1.4\","
        + "\"ports\":[{\"containerPort\":8080}],\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},"
        + "\"securityContext\":{\"privileged\":" + privileged + ",\"runAsNonRoot\":" + !privileged + "}}],"
        + "\"volumes\":[{\"name\":\"cfg\",\"configMap\":{\"name\":\"web\"}}]}";
  }

  private static String podObject(String name, boolean privileged) {
    return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"web\","
        + "\"pod-template-hash\":\"7d4b9c6f5d\"}},\"spec\":" + podSpec(privileged) + "}";
  }

  private static String deploymentObject(boolean privileged) {
    return "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":3,"
        + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
        + "\"spec\":" + podSpec(privileged) + "}}}";
  }
}
