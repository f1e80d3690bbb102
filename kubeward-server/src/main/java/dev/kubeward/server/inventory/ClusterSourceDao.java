package dev.kubeward.server.inventory;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code cluster_sources}. */
@Repository
public class ClusterSourceDao {
  private final JdbcClient jdbc;

  public ClusterSourceDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ClusterSource> find(String clusterId) {
    return jdbc.sql("select * from cluster_sources where cluster_id = ?").param(clusterId)
        .query((rs, n) -> new ClusterSource(ClusterSource.Mode.valueOf(rs.getString("mode")),
            Optional.ofNullable(rs.getString("kubeconfig_path")), Optional.ofNullable(rs.getString("context")),
            Optional.ofNullable(rs.getString("manifests_path"))))
        .optional();
  }

  /** Every cluster that has a source other than NONE. */
  public List<String> connectedClusters() {
    return jdbc.sql("select cluster_id from cluster_sources where mode <> 'NONE' order by cluster_id").query(String.class).list();
  }

  public void save(String clusterId, ClusterSource s, Instant at, String actor) {
    jdbc.sql("delete from cluster_sources where cluster_id = ?").param(clusterId).update();
    jdbc.sql("""
            insert into cluster_sources (cluster_id, mode, kubeconfig_path, context, manifests_path, updated_at, updated_by)
            values (:cluster, :mode, :kubeconfig, :context, :manifests, :at, :actor)""")
        .params(Map.of("cluster", clusterId, "mode", s.mode().name(), "at", Timestamps.bind(at), "actor", actor))
        .param("kubeconfig", s.kubeconfigPath().orElse(null))
        .param("context", s.context().orElse(null))
        .param("manifests", s.manifestsPath().orElse(null))
        .update();
  }
}
