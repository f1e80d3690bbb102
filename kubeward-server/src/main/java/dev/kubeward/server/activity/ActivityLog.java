package dev.kubeward.server.activity;

import dev.kubeward.server.db.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appends to and reads the {@code activity_log} table. */
@Repository
public class ActivityLog {
  private final JdbcClient jdbc;
  private final Clock clock;

  public ActivityLog(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Records that {@code actor} did {@code action} to a target; {@code detail} must never contain secret values. */
  public void record(String actor, String action, String targetType, String targetId, String detail) {
    jdbc.sql("insert into activity_log (at, actor, action, target_type, target_id, detail) values (?, ?, ?, ?, ?, ?)")
        .params(Timestamps.bind(clock.instant()), actor, action, targetType, targetId,
            detail == null ? "" : truncate(detail, 4000))
        .update();
  }

  /** The newest entries about one target, newest first. */
  public List<Entry> forTarget(String targetType, String targetId, int limit) {
    return jdbc.sql("select * from activity_log where target_type = ? and target_id = ? order by at desc, id desc limit ?")
        .params(targetType, targetId, limit)
        .query((rs, n) -> new Entry(rs.getLong("id"), Timestamps.read(rs, "at"), rs.getString("actor"),
            rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("detail")))
        .list();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** One logged action. */
  public record Entry(long id, Instant at, String actor, String action, String targetType, String targetId, String detail) {}
}
