package dev.kubeward.posture;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.InventoryListener;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.inventory.Workload;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps the findings of an inventory current: evaluates everything once, then re-evaluates each changed object (and
 * the objects whose cross-object rules depend on it) on every inventory change, and reports what changed.
 *
 * <p>Dependencies: a NetworkPolicy, LimitRange or ResourceQuota re-evaluates its Namespace; a ServiceAccount its
 * workloads; a Role its bindings and their ServiceAccounts; a binding its ServiceAccounts; a workload its Services;
 * a Service or Ingress each other; a workload the objects it controls. A pod's own changes never change its
 * workload's findings (rules read the workload's template), so pod churn costs almost nothing.
 */
public final class LiveEvaluation implements InventoryListener, AutoCloseable {
  private final Inventory inventory;
  private final PostureEngine engine;
  private final Map<ResourceRef, List<Finding>> byObject = new HashMap<>();
  private final List<Consumer<FindingsDelta>> listeners = new CopyOnWriteArrayList<>();

  private LiveEvaluation(Inventory inventory, PostureEngine engine) {
    this.inventory = inventory;
    this.engine = engine;
  }

  /** Evaluates the whole inventory and starts following its changes. */
  public static LiveEvaluation attach(Inventory inventory, PostureEngine engine) {
    LiveEvaluation live = new LiveEvaluation(inventory, engine);
    synchronized (live) {
      inventory.addListener(live);
      for (Finding f : engine.scan(inventory).findings()) {
        live.byObject.computeIfAbsent(f.resource(), k -> new ArrayList<>()).add(f);
      }
    }
    return live;
  }

  /** Registers a listener for every later change of the findings. */
  public void onChange(Consumer<FindingsDelta> listener) {
    listeners.add(listener);
  }

  /** The current findings, sorted. */
  public synchronized List<Finding> findings() {
    List<Finding> all = new ArrayList<>();
    byObject.values().forEach(all::addAll);
    all.sort(PostureEngine.ORDER);
    return all;
  }

  /** The current report (findings plus the kinds that could not be read). */
  public ScanReport report() {
    return new ScanReport(findings(), List.of(), inventory.notEvaluatedKinds(), inventory.size(), engine.rules().size());
  }

  @Override
  public void changed(KubeObject before, KubeObject after) {
    Set<ResourceRef> affected = new LinkedHashSet<>();
    KubeObject current = after != null ? after : before;
    affected.add(current.ref());
    for (KubeObject o : new KubeObject[] {before, after}) {
      if (o != null) {
        dependents(o, affected);
      }
    }
    FindingsDelta delta = reevaluate(affected);
    if (!delta.isEmpty()) {
      listeners.forEach(l -> l.accept(delta));
    }
  }

  /** Re-evaluates some objects now (after a quick fix, for example) and reports the change. */
  public synchronized FindingsDelta reevaluate(Set<ResourceRef> refs) {
    List<Finding> added = new ArrayList<>();
    List<Finding> removed = new ArrayList<>();
    for (ResourceRef ref : refs) {
      List<Finding> old = byObject.getOrDefault(ref, List.of());
      List<Finding> now = inventory.get(ref).map(o -> engine.evaluate(inventory, o)).orElse(List.of());
      if (now.isEmpty()) {
        byObject.remove(ref);
      } else {
        byObject.put(ref, now);
      }
      Set<Finding> oldSet = new LinkedHashSet<>(old);
      Set<Finding> nowSet = new LinkedHashSet<>(now);
      for (Finding f : now) {
        if (!oldSet.contains(f)) {
          added.add(f);
        }
      }
      for (Finding f : old) {
        if (!nowSet.contains(f)) {
          removed.add(f);
        }
      }
    }
    return new FindingsDelta(added, removed);
  }

  private void dependents(KubeObject o, Set<ResourceRef> out) {
    String kind = o.ref().kind();
    String ns = o.ref().namespace();
    switch (kind) {
      case "NetworkPolicy", "LimitRange", "ResourceQuota" -> {
        inventory.find("Namespace", "", ns).ifPresent(n -> out.add(n.ref()));
      }
      case "ServiceAccount" -> inventory.graph().workloadsUsing(ns, o.ref().name())
          .forEach(w -> out.add(w.ref()));
      case "Role", "ClusterRole" -> inventory.graph().bindingsOfRole(o).forEach(b -> {
        out.add(b.ref());
        serviceAccountsOf(b, out);
      });
      case "RoleBinding", "ClusterRoleBinding" -> serviceAccountsOf(o, out);
      case "Service" -> inventory.graph().ingressesRoutingTo(o).forEach(i -> out.add(i.ref()));
      case "Ingress" -> inventory.graph().servicesOfIngress(o).forEach(s -> out.add(s.ref()));
      default -> {
        if (KubeKinds.isWorkload(kind)) {
          // Objects it controls are evaluated on their own only while it is absent (a Pod whose ReplicaSet is gone).
          for (String childKind : List.of("ReplicaSet", "Pod", "Job")) {
            for (KubeObject child : inventory.inNamespace(childKind, ns)) {
              if (child.controller().map(c -> c.name().equals(o.ref().name()) && c.kind().equals(kind)).orElse(false)) {
                out.add(child.ref());
              }
            }
          }
          if (!inventory.graph().isOwnedByPresentController(o)) {
            // Services whose selector matches the workload count it (KW-NET-013 and friends).
            Workload w = inventory.graph().workload(o);
            inventory.graph().servicesSelecting(w).forEach(s -> out.add(s.ref()));
          }
        }
      }
    }
  }

  private void serviceAccountsOf(KubeObject binding, Set<ResourceRef> out) {
    for (Object s : ObjectTree.list(binding.content(), "subjects")) {
      if (ObjectTree.text(s, "kind").equals("ServiceAccount")) {
        String ns = ObjectTree.text(s, "namespace");
        inventory.find("ServiceAccount", ns.isEmpty() ? binding.ref().namespace() : ns, ObjectTree.text(s, "name"))
            .ifPresent(sa -> out.add(sa.ref()));
      }
    }
  }

  @Override
  public void close() {
    inventory.removeListener(this);
  }
}
