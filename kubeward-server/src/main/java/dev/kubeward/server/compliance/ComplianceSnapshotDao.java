package dev.kubeward.server.compliance;

import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ComplianceSummary;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.server.db.Timestamps;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Daily snapshots of a cluster's score per standard and control, for the trend and the audit trail. */
@Repository
public class ComplianceSnapshotDao {
  private final JdbcClient jdbc;

  ComplianceSnapshotDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One day's score of one standard. */
  public record Point(LocalDate day, Double score, int passed, int failed, int manual, int notEvaluated,
      Instant takenAt) {}

  /** Writes (or rewrites) the cluster's snapshot of this day for one standard, controls included. */
  @Transactional
  public void put(String clusterId, LocalDate day, ComplianceResult result, Instant at) {
    String standard = result.standard().id();
    jdbc.sql("delete from compliance_snapshots where cluster_id = ? and standard_id = ? and snapshot_day = ?")
        .params(clusterId, standard, Date.valueOf(day)).update();
    ComplianceSummary s = result.summary();
    jdbc.sql("insert into compliance_snapshots (cluster_id, standard_id, snapshot_day, score, passed, failed, manual,"
            + " not_evaluated, taken_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(clusterId, standard, Date.valueOf(day), s.score().isPresent() ? s.score().getAsDouble() : null,
            s.passed(), s.failed(), s.manual(), s.notEvaluated(), Timestamps.bind(at))
        .update();
    for (ControlResult c : result.controls()) {
      jdbc.sql("insert into compliance_snapshot_controls (cluster_id, standard_id, snapshot_day, control_id, status,"
              + " failing_resources) values (?, ?, ?, ?, ?, ?)")
          .params(clusterId, standard, Date.valueOf(day), c.control().id(), c.status().name(),
              c.failingResourceCount())
          .update();
    }
  }

  /** The points of one standard from {@code since} on, oldest first. */
  public List<Point> trend(String clusterId, String standardId, LocalDate since) {
    return jdbc.sql("select snapshot_day, score, passed, failed, manual, not_evaluated, taken_at from compliance_snapshots"
            + " where cluster_id = ? and standard_id = ? and snapshot_day >= ? order by snapshot_day")
        .params(clusterId, standardId, Date.valueOf(since))
        .query((rs, i) -> {
          double score = rs.getDouble("score");
          Double boxed = rs.wasNull() ? null : score;
          return new Point(rs.getDate("snapshot_day").toLocalDate(), boxed, rs.getInt("passed"), rs.getInt("failed"),
              rs.getInt("manual"), rs.getInt("not_evaluated"), Timestamps.read(rs, "taken_at"));
        }).list();
  }

  /** The status of each control in one snapshot: control id to status name. */
  public java.util.Map<String, String> controls(String clusterId, String standardId, LocalDate day) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    jdbc.sql("select control_id, status from compliance_snapshot_controls where cluster_id = ? and standard_id = ?"
            + " and snapshot_day = ? order by control_id")
        .params(clusterId, standardId, Date.valueOf(day))
        .query((rs, i) -> out.put(rs.getString("control_id"), rs.getString("status"))).list();
    return out;
  }

  /** The clusters that have snapshots. */
  public List<String> clusters() {
    return jdbc.sql("select distinct cluster_id from compliance_snapshots").query(String.class).list();
  }

  /** Deletes a cluster's snapshots older than {@code before}; returns how many days of standards were removed. */
  @Transactional
  public int prune(String clusterId, LocalDate before) {
    jdbc.sql("delete from compliance_snapshot_controls where cluster_id = ? and snapshot_day < ?")
        .params(clusterId, Date.valueOf(before)).update();
    return jdbc.sql("delete from compliance_snapshots where cluster_id = ? and snapshot_day < ?")
        .params(clusterId, Date.valueOf(before)).update();
  }
}
