package dev.kubeward.server.findings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The counts behind the findings bar ({@code finding_counts}): applied as deltas, read grouped, rebuilt on demand. */
@Repository
public class FindingCountsDao {
  private final JdbcClient jdbc;

  public FindingCountsDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One bucket's count. */
  public record Count(String clusterId, String kind, String standardId, String status, int severity, int risk, long n) {}

  /** Adds the deltas to their buckets (inside the caller's transaction, so counts change with the findings). */
  public void apply(CountDeltas deltas) {
    for (Map.Entry<CountDeltas.Bucket, Long> e : deltas.nonZero().entrySet()) {
      CountDeltas.Bucket b = e.getKey();
      jdbc.sql("""
              merge into finding_counts t
              using (values (cast(? as varchar(36)), cast(? as varchar(16)), cast(? as varchar(100)),
                             cast(? as varchar(16)), cast(? as smallint), cast(? as smallint), cast(? as bigint)))
                as s (cluster_id, kind, standard_id, status, severity, risk, n)
              on t.cluster_id = s.cluster_id and t.kind = s.kind and t.standard_id = s.standard_id
                 and t.status = s.status and t.severity = s.severity and t.risk = s.risk
              when matched then update set n = t.n + s.n
              when not matched then insert (cluster_id, kind, standard_id, status, severity, risk, n)
                values (s.cluster_id, s.kind, s.standard_id, s.status, s.severity, s.risk, s.n)""")
          .params(b.clusterId(), b.kind(), b.standardId(), b.status(), b.severity(), b.risk(), e.getValue())
          .update();
    }
  }

  /** Every non-empty bucket of some clusters. */
  public List<Count> counts(Collection<String> clusterIds) {
    if (clusterIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select cluster_id, kind, standard_id, status, severity, risk, n from finding_counts"
            + " where n <> 0 and cluster_id in (" + FindingSql.marks(clusterIds.size()) + ")")
        .params(new ArrayList<Object>(clusterIds))
        .query((rs, i) -> new Count(rs.getString("cluster_id"), rs.getString("kind"), rs.getString("standard_id"),
            rs.getString("status"), rs.getInt("severity"), rs.getInt("risk"), rs.getLong("n")))
        .list();
  }

  /** The same buckets computed from the findings themselves: the truth the counts must equal. */
  public List<Count> countedFromFindings(String clusterId) {
    return jdbc.sql("select cluster_id, kind, standard_id, status, severity, risk, count(*) as n from findings"
            + " where cluster_id = ? group by cluster_id, kind, standard_id, status, severity, risk")
        .param(clusterId)
        .query((rs, i) -> new Count(rs.getString("cluster_id"), rs.getString("kind"), rs.getString("standard_id"),
            rs.getString("status"), rs.getInt("severity"), rs.getInt("risk"), rs.getLong("n")))
        .list();
  }

  /** Rebuilds a cluster's counts from its findings (repair after a restore or a manual change to the table). */
  public void recount(String clusterId) {
    jdbc.sql("delete from finding_counts where cluster_id = ?").param(clusterId).update();
    jdbc.sql("insert into finding_counts (cluster_id, kind, standard_id, status, severity, risk, n)"
            + " select cluster_id, kind, standard_id, status, severity, risk, count(*) from findings where cluster_id = ?"
            + " group by cluster_id, kind, standard_id, status, severity, risk")
        .param(clusterId).update();
  }

  /** Unresolved findings past their due date, per kind, for some clusters (served by the partial due-date index). */
  public Map<String, Long> overdue(Collection<String> clusterIds, java.time.LocalDate today) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    if (clusterIds.isEmpty()) {
      return out;
    }
    List<Object> params = new ArrayList<>(clusterIds);
    params.add(today);
    jdbc.sql("select kind, count(*) as n from findings where cluster_id in (" + FindingSql.marks(clusterIds.size())
            + ") and due_date < ? and status in (" + FindingSql.unresolvedList() + ") group by kind")
        .params(params)
        .query(rs -> {
          out.put(rs.getString("kind"), rs.getLong("n"));
        });
    return out;
  }
}
