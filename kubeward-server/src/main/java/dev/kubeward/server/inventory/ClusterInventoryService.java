package dev.kubeward.server.inventory;

import dev.kubeward.inventory.ClusterConnection;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.jobs.ProcessRole;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Holds every connected cluster's inventory: loads it from its {@link ClusterSource}, keeps live sources watching, and
 * tells the {@link ClusterInventoryListener}s. Follows the {@code kubernetesApiAccess} component: off means the
 * inventory is dropped and nothing is read.
 */
@Service
public class ClusterInventoryService {
  private static final Logger log = LoggerFactory.getLogger(ClusterInventoryService.class);

  private final ClusterDao clusters;
  private final ClusterSourceDao sources;
  private final SettingsService settings;
  private final ActivityLog activity;
  private final List<ClusterInventoryListener> listeners;
  private final SourcePaths paths;
  private final Clock clock;
  private final Duration liveStartTimeout;
  /** A worker process ({@code kubeward worker}) never loads or watches clusters; the servers do. */
  @Value("${kubeward.role:server}")
  private String role = "server";
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
  private final Map<String, LoadState> states = new ConcurrentHashMap<>();
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kubeward-inventory-loader");
    t.setDaemon(true);
    return t;
  });

  public ClusterInventoryService(ClusterDao clusters, ClusterSourceDao sources, SettingsService settings,
      ActivityLog activity, List<ClusterInventoryListener> listeners, SourcePaths paths, Clock clock,
      @Value("${kubeward.inventory.live-start-timeout:60s}") Duration liveStartTimeout) {
    this.clusters = clusters;
    this.sources = sources;
    this.settings = settings;
    this.activity = activity;
    this.listeners = listeners;
    this.paths = paths;
    this.clock = clock;
    this.liveStartTimeout = liveStartTimeout;
  }

  /** Where loading a cluster stands. */
  public record LoadState(State state, String detail, Instant at) {
    /** Load states. */
    public enum State { NOT_CONNECTED, LOADING, READY, FAILED, COMPONENT_OFF }
  }

  private record Loaded(ClusterInventory inventory, LiveClusterSource live, KubernetesClient client) {
    void close() {
      if (live != null) {
        live.close();
      }
      if (client != null) {
        client.close();
      }
    }
  }

  /** The cluster's current inventory, if it is loaded. */
  public Optional<ClusterInventory> get(String clusterId) {
    return Optional.ofNullable(loaded.get(clusterId)).map(Loaded::inventory);
  }

  /**
   * The Kubernetes client of a live cluster (kubeconfig or in-cluster source), for capabilities that write to it
   * (quick fixes, admission policies). Empty for manifest snapshots and clusters not loaded. Callers must not close it.
   */
  public Optional<KubernetesClient> client(String clusterId) {
    return Optional.ofNullable(loaded.get(clusterId)).map(Loaded::client);
  }

  /** Where loading the cluster stands. */
  public LoadState state(String clusterId) {
    return states.getOrDefault(clusterId,
        new LoadState(LoadState.State.NOT_CONNECTED, "no source configured for this cluster", null));
  }

  /** The source configured for a cluster. */
  public ClusterSource source(String clusterId) {
    return sources.find(clusterId).orElse(ClusterSource.NONE);
  }

  /**
   * Sets a cluster's source and loads it.
   *
   * @throws ApiException 400 when a path is missing, unreadable or outside the allowed folders
   */
  public LoadState setSource(String clusterId, ClusterSource source, String actor) {
    Cluster cluster = clusters.find(clusterId).orElseThrow(() -> ApiException.notFound("cluster", clusterId));
    paths.check(source);
    sources.save(clusterId, source, clock.instant(), actor);
    activity.record(actor, "cluster.source", "cluster", clusterId, source.mode().apiName()
        + source.kubeconfigPath().map(p -> " kubeconfig " + p).orElse("")
        + source.context().map(c -> " context " + c).orElse("")
        + source.manifestsPath().map(p -> " manifests " + p).orElse(""));
    return reload(cluster);
  }

  /** Reloads a cluster from its source now and returns how it went. */
  public LoadState refresh(String clusterId) {
    Cluster cluster = clusters.find(clusterId).orElseThrow(() -> ApiException.notFound("cluster", clusterId));
    return reload(cluster);
  }

  private synchronized LoadState reload(Cluster cluster) {
    String id = cluster.id();
    ClusterSource source = source(id);
    var component = settings.effective(id).component(ProtectionComponent.KUBERNETES_API_ACCESS);
    if (!component.active()) {
      drop(id);
      return put(id, LoadState.State.COMPONENT_OFF, component.reason());
    }
    if (source.mode() == ClusterSource.Mode.NONE) {
      drop(id);
      return put(id, LoadState.State.NOT_CONNECTED, "no source configured for this cluster");
    }
    put(id, LoadState.State.LOADING, "reading the cluster");
    Loaded next;
    try {
      next = open(id, source);
    } catch (RuntimeException | IOException e) {
      log.warn("cannot load the inventory of cluster {}: {}", cluster.name(), e.getMessage());
      drop(id);
      return put(id, LoadState.State.FAILED, e.getMessage());
    }
    Loaded previous = loaded.put(id, next);
    if (previous != null) {
      previous.close();
    }
    for (ClusterInventoryListener l : listeners) {
      try {
        l.inventoryLoaded(cluster, next.inventory());
      } catch (RuntimeException e) {
        log.error("{} failed on the inventory of cluster {}", l.getClass().getSimpleName(), cluster.name(), e);
      }
    }
    int problems = next.inventory().problems().size();
    return put(id, LoadState.State.READY, next.inventory().inventory().size() + " objects"
        + (problems > 0 ? ", " + problems + " manifest problem(s)" : ""));
  }

  private Loaded open(String clusterId, ClusterSource source) throws IOException {
    Instant now = clock.instant();
    switch (source.mode()) {
      case MANIFESTS -> {
        ManifestSet set = ManifestSources.load(source.manifestsPath().orElseThrow(), new ManifestLoader());
        Inventory inventory = set.toInventory();
        return new Loaded(new ClusterInventory(clusterId, source, inventory, now, set.problems()), null, null);
      }
      case KUBECONFIG, IN_CLUSTER -> {
        ClusterConnection connection = source.mode() == ClusterSource.Mode.IN_CLUSTER
            ? new ClusterConnection(Optional.empty(), Optional.empty())
            : new ClusterConnection(source.kubeconfigPath().map(Path::of), source.context());
        KubernetesClient client = connection.client();
        Inventory inventory = new Inventory();
        LiveClusterSource live = new LiveClusterSource(client, inventory);
        try {
          live.start(liveStartTimeout);
        } catch (RuntimeException e) {
          live.close();
          client.close();
          throw e;
        }
        return new Loaded(new ClusterInventory(clusterId, source, inventory, now, List.of()), live, client);
      }
      default -> throw new IllegalStateException("no inventory for mode " + source.mode());
    }
  }

  /** Forgets a cluster's inventory and stops watching it. */
  public void drop(String clusterId) {
    Loaded previous = loaded.remove(clusterId);
    if (previous != null) {
      previous.close();
      listeners.forEach(l -> l.inventoryDropped(clusterId));
    }
  }

  private LoadState put(String clusterId, LoadState.State state, String detail) {
    LoadState s = new LoadState(state, detail, clock.instant());
    states.put(clusterId, s);
    return s;
  }

  /** Loads every connected cluster in the background once the server is up, so a slow cluster never delays start. */
  @EventListener(ApplicationReadyEvent.class)
  public void loadAllInBackground() {
    if (ProcessRole.WORKER.equals(role)) {
      return;
    }
    for (String id : sources.connectedClusters()) {
      if (!loaded.containsKey(id)) {
        states.putIfAbsent(id, new LoadState(LoadState.State.LOADING, "waiting to be read", clock.instant()));
        loader.submit(() -> clusters.find(id).ifPresent(this::reload));
      }
    }
  }

  /**
   * Follows settings changes: a cluster whose {@code kubernetesApiAccess} was turned off is dropped, one turned back
   * on is loaded again. Also retries failed loads.
   */
  @Scheduled(fixedDelayString = "${kubeward.inventory.reconcile-interval:30s}", initialDelayString = "${kubeward.inventory.reconcile-interval:30s}")
  public void reconcile() {
    if (ProcessRole.WORKER.equals(role)) {
      return;
    }
    for (String id : sources.connectedClusters()) {
      boolean active = settings.effective(id).component(ProtectionComponent.KUBERNETES_API_ACCESS).active();
      LoadState.State state = state(id).state();
      boolean stale = (active && (state == LoadState.State.COMPONENT_OFF || state == LoadState.State.FAILED))
          || (!active && state != LoadState.State.COMPONENT_OFF);
      if (stale) {
        loader.submit(() -> clusters.find(id).ifPresent(this::reload));
      }
    }
  }

  @PreDestroy
  void close() {
    loader.shutdownNow();
    loaded.values().forEach(Loaded::close);
    loaded.clear();
  }

  /** Checks that source paths exist, are readable and lie inside the folders the server may read. */
  @org.springframework.stereotype.Component
  public static class SourcePaths {
    private final List<Path> allowedRoots;

    public SourcePaths(@Value("${kubeward.sources.allowed-roots:${kubeward.data-dir:${user.home}/.kubeward}/clusters,/etc/kubeward}")
        List<String> roots) {
      this.allowedRoots = roots.stream().filter(r -> !r.isBlank()).map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
    }

    void check(ClusterSource source) {
      switch (source.mode()) {
        case KUBECONFIG -> checkFile(source.kubeconfigPath()
            .orElseThrow(() -> ApiException.badRequest("a kubeconfig source needs 'kubeconfigPath'")), "kubeconfigPath");
        case MANIFESTS -> {
          String p = source.manifestsPath().orElseThrow(() -> ApiException.badRequest("a manifests source needs 'manifestsPath'"));
          if (!p.startsWith(ManifestSources.CLASSPATH + "demo/")) {
            checkFile(p, "manifestsPath");
          }
        }
        default -> { }
      }
    }

    private void checkFile(String text, String field) {
      Path p = Path.of(text).toAbsolutePath().normalize();
      if (allowedRoots.stream().noneMatch(p::startsWith)) {
        throw ApiException.badRequest("'" + field + "' must lie inside one of the folders the server may read ("
            + String.join(", ", allowedRoots.stream().map(Path::toString).toList())
            + "; setting kubeward.sources.allowed-roots)");
      }
      if (!Files.isReadable(p)) {
        throw ApiException.badRequest("'" + field + "' " + p + " does not exist or is not readable by the server");
      }
    }
  }
}
