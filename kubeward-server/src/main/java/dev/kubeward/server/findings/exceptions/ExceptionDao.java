package dev.kubeward.server.findings.exceptions;

import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.findings.FindingEnums;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code finding_exceptions}. */
@Repository
public class ExceptionDao {
  private static final String COLUMNS = "id, workspace_id, cluster_id, kind, namespace, workload, image_digest,"
      + " package_name, rule_id, pinned, reason, justification, created_by, created_at, expires_at, ended_at, ended_by,"
      + " ended_reason";

  private final JdbcClient jdbc;

  public ExceptionDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(FindingException e) {
    jdbc.sql("insert into finding_exceptions (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(e.id(), e.workspaceId(), e.clusterId(), e.kindColumn(), e.namespace(), e.workload(), e.imageDigest(),
            e.packageName(), e.ruleId(), e.pinned(), e.reason().apiName(), e.justification(), e.createdBy(),
            Timestamps.bind(e.createdAt()), Timestamps.bind(e.expiresAt()), Timestamps.bind(e.endedAt()), e.endedBy(),
            e.endedReason())
        .update();
  }

  public Optional<FindingException> find(String id) {
    return jdbc.sql("select " + COLUMNS + " from finding_exceptions where id = ?").param(id)
        .query(ExceptionDao::map).optional();
  }

  /** Marks an exception ended; false when it had already ended. */
  public boolean end(String id, Instant at, String by, String reason) {
    return jdbc.sql("update finding_exceptions set ended_at = ?, ended_by = ?, ended_reason = ? where id = ? and ended_at is null")
        .params(Timestamps.bind(at), by, reason, id).update() == 1;
  }

  /** Scope exceptions active at {@code now} that can cover findings of a cluster. */
  public List<FindingException> activeScopesFor(String workspaceId, String clusterId, Instant now) {
    return jdbc.sql("select " + COLUMNS + " from finding_exceptions where workspace_id = ? and pinned = false"
            + " and ended_at is null and (expires_at is null or expires_at > ?)"
            + " and (cluster_id is null or cluster_id = ?) order by created_at, id")
        .params(workspaceId, Timestamps.bind(now), clusterId)
        .query(ExceptionDao::map).list();
  }

  /** Exceptions whose expiry has passed but that have not been ended yet. */
  public List<FindingException> expiredButNotEnded(Instant now) {
    return jdbc.sql("select " + COLUMNS + " from finding_exceptions where ended_at is null and expires_at <= ?"
            + " order by expires_at, id")
        .param(Timestamps.bind(now))
        .query(ExceptionDao::map).list();
  }

  /** Exceptions of a workspace (optionally one cluster), newest first; ended ones only when asked. */
  public List<FindingException> list(String workspaceId, Optional<String> clusterId, boolean includeEnded, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from finding_exceptions where workspace_id = ?");
    List<Object> params = new java.util.ArrayList<>(List.of(workspaceId));
    clusterId.ifPresent(c -> {
      sql.append(" and (cluster_id = ? or cluster_id is null)");
      params.add(c);
    });
    if (!includeEnded) {
      sql.append(" and ended_at is null");
    }
    sql.append(" order by created_at desc, id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(ExceptionDao::map).list();
  }

  static FindingException map(ResultSet rs, int row) throws SQLException {
    String kind = rs.getString("kind");
    return new FindingException(rs.getString("id"), rs.getString("workspace_id"), rs.getString("cluster_id"),
        kind == null ? null : FindingEnums.kindFromColumn(kind), rs.getString("namespace"), rs.getString("workload"),
        rs.getString("image_digest"), rs.getString("package_name"), rs.getString("rule_id"), rs.getBoolean("pinned"),
        ExceptionReason.parse(rs.getString("reason")), rs.getString("justification"), rs.getString("created_by"),
        Timestamps.read(rs, "created_at"), Timestamps.read(rs, "expires_at"), Timestamps.read(rs, "ended_at"),
        rs.getString("ended_by"), rs.getString("ended_reason"));
  }
}
