package dev.kubeward.server.inventory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders a server's live-watch writes against inventory syncs run as queue jobs (possibly in another process).
 * Every findings write a watch makes for a cluster bumps a per-cluster counter in the same transaction; a sync reads
 * the counter before it lists the cluster and, in its completion transaction, locks the row and writes its full
 * reports only if the counter is unchanged. So a full report taken from an older list never overwrites a newer
 * watch increment: either the sync saw everything the watch wrote, or it stands aside and is tried again.
 * A counter rather than timestamps, because the two sides run on different machines with different clocks.
 */
@Repository
public class ClusterWriteFence {
  private final JdbcClient jdbc;

  public ClusterWriteFence(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Counts one watch write; call inside the transaction that writes the findings (it takes the row lock). */
  public void recordWatchWrite(String clusterId) {
    ensureRow(clusterId);
    jdbc.sql("update cluster_sync_state set watch_writes = watch_writes + 1 where cluster_id = ?").param(clusterId)
        .update();
  }

  /** The watch writes counted so far (0 when none). */
  public long watchWrites(String clusterId) {
    return jdbc.sql("select watch_writes from cluster_sync_state where cluster_id = ?").param(clusterId)
        .query(Long.class).optional().orElse(0L);
  }

  /**
   * The watch writes counted so far, with the row locked until the caller's transaction ends: no watch write can
   * commit in between. Call inside the transaction that writes the sync's reports.
   */
  public long lockWatchWrites(String clusterId) {
    ensureRow(clusterId);
    return jdbc.sql("select watch_writes from cluster_sync_state where cluster_id = ? for update").param(clusterId)
        .query(Long.class).single();
  }

  private void ensureRow(String clusterId) {
    // "on conflict do nothing" (PostgreSQL, and H2 in PostgreSQL mode) rather than catching the unique violation,
    // which on PostgreSQL would abort the caller's transaction.
    jdbc.sql("insert into cluster_sync_state (cluster_id, watch_writes) values (?, 0) on conflict do nothing")
        .param(clusterId).update();
  }
}
