package dev.kubeward.server.sync;

import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.inventory.ClusterSource;
import dev.kubeward.server.inventory.ClusterSourceDao;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.ProcessRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps one {@code cluster-sync} job queued per connected cluster, due {@code kubeward.inventory.sync-interval} after
 * its last sync (at once for a cluster never synced). Every server runs this check; the queue's dedup key (the
 * cluster id) makes their enqueues one job, and because the next sync waits in the queue as a job due later, a server
 * checking right after a sync finished cannot start a second one early. Workers do not schedule; they only run.
 */
@Component
public class ClusterSyncScheduler {
  private static final Logger log = LoggerFactory.getLogger(ClusterSyncScheduler.class);

  private final ClusterSourceDao sources;
  private final ClusterSyncDao syncs;
  private final JobQueue queue;
  private final ProcessRole role;
  private final Clock clock;
  private final Duration interval;
  private final ClusterInventoryService inventories;

  public ClusterSyncScheduler(ClusterSourceDao sources, ClusterSyncDao syncs, JobQueue queue, ProcessRole role,
      Clock clock, @Value("${kubeward.inventory.sync-interval:PT1H}") Duration interval,
      ClusterInventoryService inventories) {
    this.inventories = inventories;
    this.sources = sources;
    this.syncs = syncs;
    this.queue = queue;
    this.role = role;
    this.clock = clock;
    this.interval = interval;
  }

  /** Queues the next sync of every connected cluster that has none queued; returns how many were added. */
  @Scheduled(fixedDelayString = "${kubeward.inventory.sync-check-interval:PT30S}",
      initialDelayString = "${kubeward.inventory.sync-check-interval:PT30S}")
  public int scheduleDue() {
    if (role.worker() || interval.isZero() || interval.isNegative()) {
      return 0;
    }
    int added = 0;
    for (String clusterId : sources.connectedClusters()) {
      try {
        followSync(clusterId);
        if (queue.active(ClusterSyncJobs.TYPE, clusterId).isPresent()) {
          continue;
        }
        Instant due = syncs.lastFinished(clusterId).map(t -> t.plus(interval)).orElse(clock.instant());
        if (ClusterSyncJobs.enqueue(queue, clusterId, due).created()) {
          added++;
        }
      } catch (RuntimeException e) {
        // A cluster deleted meanwhile, or the database away: the next check tries again.
        log.debug("cannot schedule the sync of cluster {}: {}", clusterId, e.getMessage());
      }
    }
    return added;
  }

  /**
   * Keeps this server's in-memory view of a manifests cluster as new as the last sync: nothing watches a folder, so
   * when a sync (run anywhere) listed it after this server loaded it, the server reads it again. Live clusters need
   * nothing here: their watch keeps the memory current. Compares a worker's clock with this server's, so a skew
   * costs at most one reload too many or one sync interval of delay.
   */
  private void followSync(String clusterId) {
    if (inventories.source(clusterId).mode() != ClusterSource.Mode.MANIFESTS) {
      return;
    }
    var loaded = inventories.get(clusterId);
    var last = syncs.recent(clusterId, 1).stream().filter(r -> r.outcome().equals("synced")).findFirst();
    if (loaded.isPresent() && last.isPresent() && last.get().listedAt().isAfter(loaded.get().loadedAt())) {
      log.info("cluster {} was synced after this server read it; reading it again", clusterId);
      inventories.refresh(clusterId);
    }
  }
}
