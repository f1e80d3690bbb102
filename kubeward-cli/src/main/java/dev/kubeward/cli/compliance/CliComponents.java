package dev.kubeward.cli.compliance;

import dev.kubeward.compliance.components.ComponentChecks;
import dev.kubeward.compliance.components.ComponentFacts;
import dev.kubeward.compliance.components.ComponentReport;
import dev.kubeward.compliance.components.KubeletConfigz;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.posture.EngineOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * The control-plane and kubelet facts of a CLI scan for the CIS component checks: static pods found in the scanned
 * manifests (a control-plane node's {@code /etc/kubernetes/manifests}) or the live cluster's {@code kube-system},
 * and, for live clusters with {@code --kubelet-config}, each node's configz.
 */
public final class CliComponents {
  private CliComponents() {}

  /**
   * The checks over the static pods among scanned manifests; empty when there are none (then the component controls
   * say the scan did not collect them, rather than blaming a managed control plane).
   */
  public static Optional<ComponentReport> fromManifests(List<KubeObject> objects, EngineOptions options) {
    ComponentFacts.Builder b = ComponentFacts.builder()
        .staticPods(objects.stream().filter(o -> o.ref().kind().equals("Pod")).toList())
        .kubeletNotRead(new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "kubelet configuration is read from a live cluster (configz), not from manifests"));
    ComponentFacts facts = b.build();
    if (facts.facts().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ComponentChecks.builtIn().evaluate(facts, options));
  }

  /**
   * The checks over a live cluster: static pods from its inventory, and each node's configz when asked for.
   *
   * @param readKubelets whether to read configz (needs get on nodes/proxy)
   */
  public static ComponentReport fromCluster(Inventory inventory, KubernetesClient client, boolean readKubelets,
      EngineOptions options) {
    ComponentFacts.Builder b = ComponentFacts.builder();
    NotEvaluated pods = inventory.notEvaluatedKinds().get("Pod");
    if (pods != null) {
      b.staticPodsUnreadable(pods);
    } else {
      b.staticPods(List.copyOf(inventory.inNamespace("Pod", "kube-system")));
    }
    NotEvaluated nodes = inventory.notEvaluatedKinds().get("Node");
    if (!readKubelets) {
      b.kubeletNotRead(new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF,
          "kubelet configuration not read (pass --kubelet-config; it needs get on nodes/proxy)"));
    } else if (nodes != null) {
      b.kubeletNotRead(new NotEvaluated(nodes.reason(), "Nodes could not be listed, so no kubelet was asked: "
          + nodes.detail()));
    } else {
      KubeletConfigz.read(client, inventory.ofKind("Node").map(n -> n.ref().name()).toList()).applyTo(b);
    }
    return ComponentChecks.builtIn().evaluate(b.build(), options);
  }
}
