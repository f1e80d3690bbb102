package dev.kubeward.posture.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a realistic cluster dump: namespaces holding Deployments (2–4 containers with varied security settings)
 * with their ReplicaSets and Pods, StatefulSets, CronJobs, Services, Ingresses, ConfigMaps, Secrets,
 * ServiceAccounts, Roles, RoleBindings and NetworkPolicies, plus cluster-wide RBAC and nodes. Deterministic for a seed.
 */
final class ClusterGenerator {
  private final Random random;

  ClusterGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** About {@code target} objects as plain maps, as {@code kubectl get -o json} would list them. */
  List<Map<String, Object>> generate(int target) {
    List<Map<String, Object>> out = new ArrayList<>(target + 1000);
    for (int n = 0; n < 20; n++) {
      out.add(node("node-" + n));
    }
    for (int r = 0; r < 50; r++) {
      out.add(clusterRole("platform-" + r));
      out.add(clusterRoleBinding("platform-" + r, "platform-" + r, "ns-" + (r % 10), "app-" + r));
    }
    int ns = 0;
    while (out.size() < target) {
      namespace("ns-" + ns++, out);
    }
    return out.subList(0, target);
  }

  private void namespace(String ns, List<Map<String, Object>> out) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/metadata.name", ns);
    if (random.nextBoolean()) {
      labels.put("pod-security.kubernetes.io/enforce", random.nextBoolean() ? "baseline" : "restricted");
    }
    out.add(obj("v1", "Namespace", null, ns, labels));
    for (int i = 0; i < 60; i++) {
      String app = "app-" + i;
      Map<String, Object> spec = podSpec(app);
      Map<String, Object> deployment = obj("apps/v1", "Deployment", ns, app, Map.of("app", app, "team", "team-" + (i % 7)));
      deployment.put("spec", map("replicas", (long) (1 + random.nextInt(3)), "selector", map("matchLabels", map("app", app)),
          "template", map("metadata", map("labels", map("app", app, "team", "team-" + (i % 7))), "spec", spec)));
      out.add(deployment);
      String rsName = app + "-" + Integer.toHexString(0x10000 + random.nextInt(0xfffff));
      Map<String, Object> rs = obj("apps/v1", "ReplicaSet", ns, rsName, Map.of("app", app));
      owned(rs, "apps/v1", "Deployment", app);
      rs.put("spec", map("replicas", 2L, "selector", map("matchLabels", map("app", app)),
          "template", map("metadata", map("labels", map("app", app)), "spec", spec)));
      out.add(rs);
      for (int p = 0; p < 2; p++) {
        Map<String, Object> pod = obj("v1", "Pod", ns, rsName + "-" + p, Map.of("app", app));
        owned(pod, "apps/v1", "ReplicaSet", rsName);
        pod.put("spec", spec);
        pod.put("status", map("phase", "Running", "podIP", "10.1." + random.nextInt(255) + "." + random.nextInt(255),
            "containerStatuses", List.of(map("name", "app", "ready", true, "restartCount", 0L,
                "imageID", "registry.example.com/shop/" + app + "@sha256:" + "ab".repeat(32)))));
        out.add(pod);
      }
      Map<String, Object> svc = obj("v1", "Service", ns, app, Map.of("app", app));
      svc.put("spec", map("type", i % 20 == 0 ? "LoadBalancer" : i % 15 == 0 ? "NodePort" : "ClusterIP",
          "selector", map("app", app), "ports", List.of(map("name", "http", "port", 80L, "targetPort", 8080L,
              "protocol", "TCP"))));
      out.add(svc);
      Map<String, Object> cm = obj("v1", "ConfigMap", ns, app + "-config", Map.of("app", app));
      cm.put("data", map("LOG_LEVEL", "", "FEATURE_FLAGS", "", "application.yaml", ""));
      out.add(cm);
      if (i % 3 == 0) {
        Map<String, Object> secret = obj("v1", "Secret", ns, app + "-db", Map.of("app", app));
        secret.put("type", "Opaque");
        out.add(secret);
      }
      if (i % 2 == 0) {
        Map<String, Object> sa = obj("v1", "ServiceAccount", ns, app, Map.of("app", app));
        if (random.nextBoolean()) {
          sa.put("automountServiceAccountToken", false);
        }
        out.add(sa);
      }
      if (i % 3 == 0) {
        Map<String, Object> role = obj("rbac.authorization.k8s.io/v1", "Role", ns, app, Map.of());
        role.put("rules", List.of(map("apiGroups", List.of(""), "resources", List.of("configmaps", "pods"),
            "verbs", List.of("get", "list", "watch")), map("apiGroups", List.of(""), "resources", List.of("secrets"),
            "verbs", random.nextInt(5) == 0 ? List.of("get", "list") : List.of("get"), "resourceNames", List.of(app + "-db"))));
        out.add(role);
        Map<String, Object> rb = obj("rbac.authorization.k8s.io/v1", "RoleBinding", ns, app, Map.of());
        rb.put("roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", app));
        rb.put("subjects", List.of(map("kind", "ServiceAccount", "name", app, "namespace", ns)));
        out.add(rb);
      }
      if (i % 12 == 0) {
        Map<String, Object> ing = obj("networking.k8s.io/v1", "Ingress", ns, app, Map.of());
        Map<String, Object> ingSpec = map("rules", List.of(map("host", app + "." + ns + ".example.com", "http",
            map("paths", List.of(map("path", "/", "pathType", "Prefix", "backend",
                map("service", map("name", app, "port", map("number", 80L)))))))));
        if (random.nextBoolean()) {
          ingSpec.put("tls", List.of(map("hosts", List.of(app + "." + ns + ".example.com"), "secretName", app + "-tls")));
        }
        ing.put("spec", ingSpec);
        out.add(ing);
      }
    }
    for (int s = 0; s < 5; s++) {
      String app = "db-" + s;
      Map<String, Object> sts = obj("apps/v1", "StatefulSet", ns, app, Map.of("app", app));
      sts.put("spec", map("replicas", 3L, "serviceName", app, "selector", map("matchLabels", map("app", app)),
          "template", map("metadata", map("labels", map("app", app)), "spec", podSpec(app))));
      out.add(sts);
      Map<String, Object> cron = obj("batch/v1", "CronJob", ns, "report-" + s, Map.of());
      Map<String, Object> jobSpec = podSpec("report-" + s);
      jobSpec.put("restartPolicy", "OnFailure");
      cron.put("spec", map("schedule", "0 " + s + " * * *", "jobTemplate", map("spec", map("template",
          map("metadata", map("labels", map("app", "report-" + s)), "spec", jobSpec)))));
      out.add(cron);
    }
    if (random.nextInt(3) > 0) {
      Map<String, Object> np = obj("networking.k8s.io/v1", "NetworkPolicy", ns, "default-deny", Map.of());
      np.put("spec", map("podSelector", map(), "policyTypes", List.of("Ingress")));
      out.add(np);
    }
  }

  private Map<String, Object> podSpec(String app) {
    List<Object> containers = new ArrayList<>();
    int count = 2 + random.nextInt(3);
    for (int c = 0; c < count; c++) {
      String name = c == 0 ? "app" : c == 1 ? "proxy" : "sidecar-" + c;
      Map<String, Object> container = map("name", name,
          "image", c == 1 ? "envoyproxy/envoy:v1.30." + random.nextInt(5) : "registry.example.com/shop/" + app + ":1."
              + random.nextInt(20) + "." + random.nextInt(10),
          "imagePullPolicy", random.nextBoolean() ? "IfNotPresent" : "Always",
          "ports", List.of(map("name", "http", "containerPort", 8080L + c, "protocol", "TCP")),
          "env", List.of(map("name", "LOG_LEVEL", "value", "info"), map("name", "DB_PASSWORD", "valueFrom",
              map("secretKeyRef", map("name", app + "-db", "key", "password")))),
          "resources", map("requests", map("cpu", "100m", "memory", "128Mi"), "limits", map("memory", "256Mi")));
      if (random.nextInt(4) > 0) {
        Map<String, Object> sc = map("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", random.nextBoolean(),
            "capabilities", map("drop", List.of("ALL")));
        if (random.nextInt(50) == 0) {
          sc.put("privileged", true);
        }
        container.put("securityContext", sc);
      }
      if (random.nextBoolean()) {
        container.put("livenessProbe", map("httpGet", map("path", "/healthz", "port", 8080L), "periodSeconds", 10L));
        container.put("readinessProbe", map("httpGet", map("path", "/ready", "port", 8080L)));
      }
      container.put("volumeMounts", List.of(map("name", "config", "mountPath", "/etc/app")));
      containers.add(container);
    }
    Map<String, Object> spec = map("containers", containers, "serviceAccountName", random.nextBoolean() ? app : "default",
        "volumes", new ArrayList<>(List.of(map("name", "config", "configMap", map("name", app + "-config")))));
    if (random.nextBoolean()) {
      spec.put("securityContext", map("runAsNonRoot", true, "runAsUser", 10001L, "seccompProfile", map("type", "RuntimeDefault")));
    }
    if (random.nextInt(40) == 0) {
      ((List<Object>) spec.get("volumes")).add(map("name", "host", "hostPath", map("path", "/var/log")));
    }
    return spec;
  }

  private Map<String, Object> node(String name) {
    Map<String, Object> node = obj("v1", "Node", null, name, Map.of("kubernetes.io/hostname", name));
    node.put("status", map("nodeInfo", map("kubeletVersion", "v1.30." + random.nextInt(5), "containerRuntimeVersion",
        "containerd://1.7.13", "kernelVersion", "6.1.0-18-amd64", "osImage", "Debian GNU/Linux 12 (bookworm)",
        "operatingSystem", "linux", "architecture", "amd64")));
    return node;
  }

  private Map<String, Object> clusterRole(String name) {
    Map<String, Object> role = obj("rbac.authorization.k8s.io/v1", "ClusterRole", null, name, Map.of());
    role.put("rules", List.of(map("apiGroups", List.of("", "apps"), "resources", List.of("pods", "deployments"),
        "verbs", List.of("get", "list", "watch"))));
    return role;
  }

  private Map<String, Object> clusterRoleBinding(String name, String role, String ns, String sa) {
    Map<String, Object> b = obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, name, Map.of());
    b.put("roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", role));
    b.put("subjects", List.of(map("kind", "ServiceAccount", "name", sa, "namespace", ns)));
    return b;
  }

  private Map<String, Object> obj(String apiVersion, String kind, String ns, String name, Map<String, String> labels) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    if (ns != null) {
      meta.put("namespace", ns);
    }
    meta.put("uid", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
    meta.put("resourceVersion", String.valueOf(1 + random.nextInt(1_000_000)));
    meta.put("creationTimestamp", "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9) + "T08:00:00Z");
    if (!labels.isEmpty()) {
      meta.put("labels", new LinkedHashMap<>(labels));
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.put("metadata", meta);
    return o;
  }

  private static void owned(Map<String, Object> o, String apiVersion, String kind, String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) o.get("metadata");
    meta.put("ownerReferences", List.of(map("apiVersion", apiVersion, "kind", kind, "name", name,
        "uid", "owner-" + name, "controller", true, "blockOwnerDeletion", true)));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
