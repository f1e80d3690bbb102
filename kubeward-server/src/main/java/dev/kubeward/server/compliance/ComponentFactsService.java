package dev.kubeward.server.compliance;

import dev.kubeward.compliance.components.ComponentChecks;
import dev.kubeward.compliance.components.ComponentFacts;
import dev.kubeward.compliance.components.ComponentReport;
import dev.kubeward.compliance.components.KubeletConfigz;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.server.inventory.ClusterInventory;
import dev.kubeward.server.inventory.ClusterInventoryListener;
import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Each cluster's control-plane and kubelet facts for the CIS component checks. The static control-plane pods come
 * from the cluster's inventory (kept current by its informers) whenever compliance is assessed; kubelet configurations
 * are read through the node proxy in the background — only with the {@code compliance.kubeletConfig} setting on and a
 * live connection — on load, when the setting changes, and every {@code kubeward.compliance.kubelet-interval}.
 */
@Service
public class ComponentFactsService implements ClusterInventoryListener {
  private static final Logger log = LoggerFactory.getLogger(ComponentFactsService.class);

  private final ObjectProvider<ClusterInventoryService> inventories;
  private final SettingsService settings;
  private final Clock clock;
  private final Duration kubeletInterval;
  private final Map<String, ClusterInventory> clusters = new ConcurrentHashMap<>();
  private final Map<String, KubeletState> kubelets = new ConcurrentHashMap<>();
  private final Map<String, Computed> reports = new ConcurrentHashMap<>();
  private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kubeward-kubelet-configz");
    t.setDaemon(true);
    return t;
  });

  // The inventory service lists every ClusterInventoryListener (this one too), so it is looked up lazily.
  public ComponentFactsService(ObjectProvider<ClusterInventoryService> inventories, SettingsService settings,
      Clock clock, @Value("${kubeward.compliance.kubelet-interval:PT30M}") Duration kubeletInterval) {
    this.inventories = inventories;
    this.settings = settings;
    this.clock = clock;
    this.kubeletInterval = kubeletInterval;
  }

  /** The last kubelet round of a cluster: whether reading was on, when, and what came back (or why not). */
  private record KubeletState(boolean enabled, Instant readAt, Optional<KubeletConfigz.Round> round,
      Optional<NotEvaluated> notRead) {}

  private record Computed(Inventory inventory, int podsFingerprint, NotEvaluated podsUnreadable, KubeletState kubelet,
      ComponentReport report) {}

  @jakarta.annotation.PreDestroy
  void stop() {
    reader.shutdownNow();
  }

  @Override
  public void inventoryLoaded(Cluster cluster, ClusterInventory inventory) {
    clusters.put(cluster.id(), inventory);
    reports.remove(cluster.id());
    reader.submit(() -> readKubelets(cluster.id()));
  }

  @Override
  public void inventoryDropped(String clusterId) {
    clusters.remove(clusterId);
    kubelets.remove(clusterId);
    reports.remove(clusterId);
  }

  /**
   * The component checks' result for a cluster as of now; empty while the cluster has no inventory. Recomputed only
   * when the control-plane pods or the kubelet round changed.
   */
  public Optional<ComponentReport> report(String clusterId) {
    ClusterInventory ci = clusters.get(clusterId);
    if (ci == null) {
      return Optional.empty();
    }
    return Optional.of(report(clusterId, ci));
  }

  /** The component facts of a cluster as seen in one listing of it (an inventory sync's own list). */
  public ComponentReport report(String clusterId, ClusterInventory ci) {
    Inventory inventory = ci.inventory();
    List<KubeObject> pods = List.copyOf(inventory.inNamespace("Pod", "kube-system"));
    int fingerprint = pods.stream().mapToInt(p -> p.json().hashCode()).sum() * 31 + pods.size();
    NotEvaluated podsUnreadable = inventory.notEvaluatedKinds().get("Pod");
    KubeletState kubelet = kubelets.get(clusterId);
    Computed c = reports.get(clusterId);
    if (c != null && c.inventory() == inventory && c.podsFingerprint() == fingerprint
        && Objects.equals(c.podsUnreadable(), podsUnreadable) && c.kubelet() == kubelet) {
      return c.report();
    }
    ComponentFacts.Builder facts = ComponentFacts.builder();
    if (podsUnreadable != null) {
      facts.staticPodsUnreadable(podsUnreadable);
    } else {
      facts.staticPods(pods);
    }
    if (kubelet == null) {
      facts.kubeletNotRead(kubeletEnabled(clusterId) ? new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
          "the kubelet configuration has not been read yet") : off());
    } else if (kubelet.notRead().isPresent()) {
      facts.kubeletNotRead(kubelet.notRead().get());
    } else {
      kubelet.round().ifPresent(r -> r.applyTo(facts));
    }
    ComponentReport report = ComponentChecks.builtIn().evaluate(facts.build(), EngineOptions.defaults());
    reports.put(clusterId, new Computed(inventory, fingerprint, podsUnreadable, kubelet, report));
    return report;
  }

  private static NotEvaluated off() {
    return new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF, "reading kubelet configuration is off (setting "
        + ComplianceSettings.KUBELET_CONFIG + ")");
  }

  private boolean kubeletEnabled(String clusterId) {
    try {
      return settings.effective(clusterId).bool(ComplianceSettings.KUBELET_CONFIG);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Reads kubelets again where the setting changed or the last round is older than the interval. */
  @Scheduled(fixedDelayString = "${kubeward.compliance.kubelet-check-interval:PT30S}",
      initialDelayString = "${kubeward.compliance.kubelet-check-interval:PT30S}")
  public void reconcile() {
    for (String clusterId : List.copyOf(clusters.keySet())) {
      try {
        boolean enabled = settings.effective(clusterId).bool(ComplianceSettings.KUBELET_CONFIG);
        KubeletState s = kubelets.get(clusterId);
        if (s == null || s.enabled() != enabled
            || (enabled && s.readAt().plus(kubeletInterval).isBefore(clock.instant()))) {
          reader.submit(() -> readKubelets(clusterId));
        }
      } catch (RuntimeException e) {
        // A cluster deleted meanwhile: its inventory is dropped by the inventory service.
        log.debug("skipping cluster {}: {}", clusterId, e.getMessage());
      }
    }
  }

  /** Reads every node's configz now (on the calling thread), or records why it is not read. */
  void readKubelets(String clusterId) {
    ClusterInventory ci = clusters.get(clusterId);
    if (ci == null) {
      return;
    }
    Instant now = clock.instant();
    boolean enabled;
    try {
      enabled = settings.effective(clusterId).bool(ComplianceSettings.KUBELET_CONFIG);
    } catch (RuntimeException e) {
      return;
    }
    if (!enabled) {
      kubelets.put(clusterId, new KubeletState(false, now, Optional.empty(), Optional.of(off())));
      return;
    }
    Optional<KubernetesClient> client = inventories.getObject().client(clusterId);
    if (client.isEmpty()) {
      kubelets.put(clusterId, new KubeletState(true, now, Optional.empty(), Optional.of(new NotEvaluated(
          NotEvaluated.Reason.DATA_MISSING, "kubelet configuration is read from a live cluster; this cluster's"
              + " source has no API connection"))));
      return;
    }
    NotEvaluated nodesUnreadable = ci.inventory().notEvaluatedKinds().get("Node");
    if (nodesUnreadable != null) {
      kubelets.put(clusterId, new KubeletState(true, now, Optional.empty(), Optional.of(new NotEvaluated(
          nodesUnreadable.reason(), "Nodes could not be listed, so no kubelet was asked: "
              + nodesUnreadable.detail()))));
      return;
    }
    List<String> nodes = ci.inventory().ofKind("Node").map(n -> n.ref().name()).toList();
    KubeletConfigz.Round round = KubeletConfigz.read(client.get(), nodes);
    kubelets.put(clusterId, new KubeletState(true, now, Optional.of(round), Optional.empty()));
    log.info("kubelet configz of cluster {}: {} read, {} not", clusterId, round.configs().size(),
        round.failures().size());
  }
}
