package dev.kubeward.risk;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.Permission;
import dev.kubeward.inventory.ResourceGraph;
import dev.kubeward.inventory.Subject;
import dev.kubeward.inventory.Workload;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the risk context of every workload of an inventory: running pods, exposure to the internet traced through
 * Services and Ingresses, privileges on the node, and the power of its ServiceAccount.
 */
public final class ContextAnalyzer {
  private static final Set<String> DANGEROUS_CAPABILITIES = Set.of("SYS_ADMIN", "ALL", "SYS_PTRACE", "SYS_MODULE");

  private ContextAnalyzer() {}

  /** The context of every top-level workload, by workload. */
  public static Map<ResourceRef, WorkloadContext> analyze(Inventory inventory, RuntimeSignals signals) {
    ResourceGraph graph = inventory.graph();
    Map<ResourceRef, Integer> pods = runningPods(inventory, graph);
    Map<String, WorkloadContext.AccountPower> powers = new HashMap<>();
    Map<ResourceRef, WorkloadContext> out = new HashMap<>();
    for (Workload w : graph.workloads()) {
      Optional<KubeObject> object = inventory.get(w.ref());
      Map<String, Object> content = object.map(KubeObject::content).orElse(Map.of());
      Map<String, Object> spec = KubeKinds.podSpec(content);
      List<String> privileges = new ArrayList<>();
      boolean privileged = false;
      for (String type : List.of("initContainers", "containers", "ephemeralContainers")) {
        for (Object c : Trees.list(spec, type)) {
          if (Trees.isTrue(c, "securityContext", "privileged")) {
            privileged = true;
            addOnce(privileges, "runs privileged (container " + Trees.text(c, "name") + ")");
          }
          for (Object cap : Trees.list(c, "securityContext", "capabilities", "add")) {
            String name = String.valueOf(cap).toUpperCase().replace("CAP_", "");
            if (DANGEROUS_CAPABILITIES.contains(name)) {
              privileged = true;
              addOnce(privileges, "adds capability " + name + " (container " + Trees.text(c, "name") + ")");
            }
          }
        }
      }
      boolean hostNs = false;
      for (String[] ns : new String[][] {{"hostPID", "PID"}, {"hostIPC", "IPC"}, {"hostNetwork", "network"}}) {
        if (Trees.isTrue(spec, ns[0])) {
          hostNs = true;
          privileges.add("shares the host's " + ns[1] + " namespace");
        }
      }
      Set<String> hostPaths = new TreeSet<>();
      for (Object v : Trees.list(spec, "volumes")) {
        String path = Trees.text(v, "hostPath", "path");
        if (!path.isEmpty()) {
          hostPaths.add(path);
        }
      }
      hostPaths.forEach(p -> privileges.add("mounts host path " + p));

      String ns = w.ref().namespace();
      Optional<KubeObject> sa = inventory.find("ServiceAccount", ns, w.serviceAccount());
      boolean tokenMounted = !Trees.isFalse(spec, "automountServiceAccountToken")
          && !(Trees.at(spec, "automountServiceAccountToken") == null
              && sa.isPresent() && Trees.isFalse(sa.get().content(), "automountServiceAccountToken"));
      WorkloadContext.AccountPower power = tokenMounted
          ? powers.computeIfAbsent(ns + "/" + w.serviceAccount(), k -> accountPower(graph, ns, w.serviceAccount()))
          : WorkloadContext.AccountPower.NONE;

      Set<String> pullSecrets = new TreeSet<>();
      for (Object s : Trees.list(spec, "imagePullSecrets")) {
        pullSecrets.add(ns + "/" + Trees.text(s, "name"));
      }
      sa.ifPresent(a -> Trees.list(a.content(), "imagePullSecrets")
          .forEach(s -> pullSecrets.add(ns + "/" + Trees.text(s, "name"))));

      out.put(w.ref(), new WorkloadContext(w.ref(), ns + "/" + w.serviceAccount(), pods.getOrDefault(w.ref(), 0),
          exposures(graph, w, spec), privileges, privileged, hostNs, !hostPaths.isEmpty(), power,
          Math.max(0, signals.openAlerts(w.ref())), new ArrayList<>(pullSecrets)));
    }
    return out;
  }

  private static void addOnce(List<String> list, String value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  /** Running pods per top-level owner. A pod without a phase (a manifest, not a live object) does not count. */
  private static Map<ResourceRef, Integer> runningPods(Inventory inventory, ResourceGraph graph) {
    Map<ResourceRef, Integer> out = new HashMap<>();
    inventory.ofKind("Pod").forEach(pod -> {
      if ("Running".equals(Trees.text(pod.content(), "status", "phase"))) {
        out.merge(graph.topLevelOwner(pod).ref(), 1, Integer::sum);
      }
    });
    return out;
  }

  private static List<String> exposures(ResourceGraph graph, Workload w, Map<String, Object> spec) {
    Set<String> out = new LinkedHashSet<>();
    for (KubeObject svc : graph.servicesSelecting(w)) {
      String type = Trees.text(svc.content(), "spec", "type");
      String name = svc.ref().namespace() + "/" + svc.ref().name();
      for (KubeObject ing : graph.ingressesRoutingTo(svc)) {
        out.add("Ingress " + ing.ref().namespace() + "/" + ing.ref().name());
      }
      if (type.equals("LoadBalancer")) {
        out.add("LoadBalancer Service " + name);
      } else if (type.equals("NodePort")) {
        out.add("NodePort Service " + name);
      }
      if (!Trees.list(svc.content(), "spec", "externalIPs").isEmpty()) {
        out.add("Service " + name + " with external IPs");
      }
    }
    if (Trees.isTrue(spec, "hostNetwork")) {
      out.add("hostNetwork");
    }
    for (String type : List.of("initContainers", "containers")) {
      for (Object c : Trees.list(spec, type)) {
        for (Object port : Trees.list(c, "ports")) {
          String hostPort = Trees.text(port, "hostPort");
          if (!hostPort.isEmpty() && !hostPort.equals("0")) {
            out.add("hostPort " + hostPort);
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** What a ServiceAccount may do, from its effective RBAC rules. */
  public static WorkloadContext.AccountPower accountPower(ResourceGraph graph, String namespace, String name) {
    boolean admin = false;
    boolean secretsAll = false;
    boolean secretsNs = false;
    boolean pods = false;
    Set<String> grantedBy = new TreeSet<>();
    for (Permission p : graph.permissionsOf(Subject.serviceAccount(namespace, name))) {
      boolean any = false;
      if (p.clusterWide() && p.resourceNames().isEmpty() && p.verbs().contains("*") && p.resources().contains("*")
          && p.apiGroups().contains("*")) {
        admin = true;
        any = true;
      }
      for (String verb : List.of("get", "list")) {
        if (p.allows(verb, "", "secrets", "")) {
          secretsAll = true;
          any = true;
        } else if (p.allows(verb, "", "secrets", namespace)) {
          secretsNs = true;
          any = true;
        }
      }
      if (p.allows("create", "", "pods", namespace)) {
        pods = true;
        any = true;
      }
      if (any) {
        grantedBy.add(p.binding().key() + " (" + p.role().key() + ")");
      }
    }
    boolean secrets = secretsAll || secretsNs;
    return new WorkloadContext.AccountPower(admin, secrets || admin,
        secretsAll || admin ? "all namespaces" : secrets ? "namespace " + namespace : "", pods || admin,
        new ArrayList<>(grantedBy));
  }
}
