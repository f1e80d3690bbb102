package dev.kubeward.server.inventory;

import dev.kubeward.inventory.ClusterConnection;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a cluster once, without keeping a watch: the full re-list an inventory sync job evaluates. Live sources are
 * listed through the same informers the server's watch uses (so both see the same kinds, with the same "forbidden"
 * handling and Secret redaction), stopped as soon as every kind is listed; manifest sources are read again.
 */
@Component
public class ClusterSnapshots {
  private final Clock clock;
  private final Duration listTimeout;

  public ClusterSnapshots(Clock clock,
      @Value("${kubeward.inventory.live-start-timeout:60s}") Duration listTimeout) {
    this.clock = clock;
    this.listTimeout = listTimeout;
  }

  /**
   * Lists the cluster now.
   *
   * @throws IOException when manifests cannot be read
   * @throws RuntimeException when the cluster cannot be reached or listed within the timeout
   */
  public ClusterInventory list(String clusterId, ClusterSource source) throws IOException {
    Instant now = clock.instant();
    switch (source.mode()) {
      case MANIFESTS -> {
        ManifestSet set = ManifestSources.load(source.manifestsPath().orElseThrow(), new ManifestLoader());
        return new ClusterInventory(clusterId, source, set.toInventory(), now, set.problems());
      }
      case KUBECONFIG, IN_CLUSTER -> {
        ClusterConnection connection = source.mode() == ClusterSource.Mode.IN_CLUSTER
            ? new ClusterConnection(Optional.empty(), Optional.empty())
            : new ClusterConnection(source.kubeconfigPath().map(Path::of), source.context());
        Inventory inventory = new Inventory();
        try (KubernetesClient client = connection.client();
            LiveClusterSource live = new LiveClusterSource(client, inventory)) {
          live.start(listTimeout);
        }
        return new ClusterInventory(clusterId, source, inventory, now, List.of());
      }
      default -> throw new IllegalStateException("a cluster without a source cannot be listed");
    }
  }
}
