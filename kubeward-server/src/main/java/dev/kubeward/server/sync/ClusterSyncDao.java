package dev.kubeward.server.sync;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code cluster_syncs}: one row per finished sync job. */
@Repository
public class ClusterSyncDao {
  private final JdbcClient jdbc;

  public ClusterSyncDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One finished sync.
   *
   * @param outcome {@code synced} (reports written) or {@code superseded} (a watch wrote meanwhile; nothing written,
   *     another sync queued)
   * @param relists lists taken again because a watch wrote while the sync evaluated
   */
  public record SyncRun(long jobId, String clusterId, String outcome, String worker, int objects,
      int misconfigurations, int failingControls, int relists, Instant listedAt, Instant finishedAt) {}

  /** Records a finished sync; call in the job's completion transaction (a second row for one job fails). */
  public void insert(SyncRun r) {
    jdbc.sql("""
            insert into cluster_syncs (job_id, cluster_id, outcome, worker, objects, misconfigurations,
              failing_controls, relists, listed_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(r.jobId(), r.clusterId(), r.outcome(), r.worker(), r.objects(), r.misconfigurations(),
            r.failingControls(), r.relists(), Timestamps.bind(r.listedAt()), Timestamps.bind(r.finishedAt()))
        .update();
  }

  /** When the cluster was last synced (any outcome), if ever. */
  public Optional<Instant> lastFinished(String clusterId) {
    return jdbc.sql("select max(finished_at) as at from cluster_syncs where cluster_id = ?").param(clusterId)
        .query((rs, n) -> Optional.ofNullable(Timestamps.read(rs, "at"))).single();
  }

  /** The cluster's syncs, newest first. */
  public List<SyncRun> recent(String clusterId, int limit) {
    return jdbc.sql("""
            select job_id, cluster_id, outcome, worker, objects, misconfigurations, failing_controls, relists,
              listed_at, finished_at from cluster_syncs where cluster_id = ? order by finished_at desc, job_id desc""")
        .param(clusterId).query((rs, n) -> new SyncRun(rs.getLong("job_id"), rs.getString("cluster_id"),
            rs.getString("outcome"), rs.getString("worker"), rs.getInt("objects"), rs.getInt("misconfigurations"),
            rs.getInt("failing_controls"), rs.getInt("relists"), Timestamps.read(rs, "listed_at"),
            Timestamps.read(rs, "finished_at")))
        .list().stream().limit(limit).toList();
  }
}
