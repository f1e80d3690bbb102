package dev.kubeward.server.notify;

import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.db.SqlParams;
import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The persistent outbox ({@code notification_outbox}): queued in the writer's transaction, sent by the dispatcher. */
@Repository
public class OutboxDao {
  private static final String COLUMNS = "id, channel, event, finding_id, recipient, payload, state, attempts,"
      + " next_attempt_at, last_error, created_at, sent_at";

  private final JdbcClient jdbc;
  private final SqlDialect dialect;

  public OutboxDao(JdbcClient jdbc, SqlDialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  public void enqueue(Channel channel, String event, Long findingId, String recipient, String payload, Instant now) {
    jdbc.sql("insert into notification_outbox (channel, event, finding_id, recipient, payload, state, attempts,"
            + " next_attempt_at, created_at) values (?, ?, ?, ?, ?, 'pending', 0, ?, ?)")
        .params(channel.column(), event, SqlParams.bigint(findingId), recipient == null ? "" : recipient, payload,
            Timestamps.bind(now), Timestamps.bind(now))
        .update();
  }

  /** Ids of pending messages due at {@code now}, oldest first. */
  public List<Long> due(Instant now, int limit) {
    return jdbc.sql("select id from notification_outbox where state = 'pending' and next_attempt_at <= ?"
            + " order by next_attempt_at, id limit ?")
        .params(Timestamps.bind(now), limit).query(Long.class).list();
  }

  /**
   * Locks one due message for delivery (inside a transaction); empty when it was sent meanwhile or another worker
   * holds it (PostgreSQL skips locked rows instead of waiting).
   */
  public Optional<OutboxMessage> lockDue(long id, Instant now) {
    return jdbc.sql("select " + COLUMNS + " from notification_outbox where id = ? and state = 'pending'"
            + " and next_attempt_at <= ? for update" + (dialect.supportsSkipLocked() ? " skip locked" : ""))
        .params(id, Timestamps.bind(now)).query(OutboxDao::map).optional();
  }

  public void markSent(long id, int attempts, Instant now) {
    jdbc.sql("update notification_outbox set state = 'sent', attempts = ?, sent_at = ?, last_error = null where id = ?")
        .params(attempts, Timestamps.bind(now), id).update();
  }

  public void markRetry(long id, int attempts, Instant next, String error) {
    jdbc.sql("update notification_outbox set attempts = ?, next_attempt_at = ?, last_error = ? where id = ?")
        .params(attempts, Timestamps.bind(next), SqlParams.varchar(clip(error)), id).update();
  }

  public void markFailed(long id, int attempts, String error) {
    jdbc.sql("update notification_outbox set state = 'failed', attempts = ?, last_error = ? where id = ?")
        .params(attempts, SqlParams.varchar(clip(error)), id).update();
  }

  /** Puts a failed message back in the queue; false when there is no failed message with that id. */
  public boolean retry(long id, Instant now) {
    return jdbc.sql("update notification_outbox set state = 'pending', next_attempt_at = ? where id = ? and state = 'failed'")
        .params(Timestamps.bind(now), id).update() == 1;
  }

  /** True when a message of this channel and event for the finding is still waiting. */
  public boolean pending(Channel channel, String event, long findingId) {
    return jdbc.sql("select count(*) from notification_outbox where channel = ? and event = ? and finding_id = ?"
            + " and state = 'pending'")
        .params(channel.column(), event, findingId).query(Long.class).single() > 0;
  }

  public Optional<OutboxMessage> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from notification_outbox where id = ?").param(id)
        .query(OutboxDao::map).optional();
  }

  /** Messages, newest first, optionally of one state. */
  public List<OutboxMessage> list(Optional<String> state, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from notification_outbox");
    List<Object> params = new ArrayList<>();
    state.ifPresent(s -> {
      sql.append(" where state = ?");
      params.add(s);
    });
    sql.append(" order by id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(OutboxDao::map).list();
  }

  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= 1000 ? s : s.substring(0, 999) + "…";
  }

  static OutboxMessage map(ResultSet rs, int row) throws SQLException {
    long fid = rs.getLong("finding_id");
    Long findingId = rs.wasNull() ? null : fid;
    return new OutboxMessage(rs.getLong("id"), Channel.fromColumn(rs.getString("channel")), rs.getString("event"),
        findingId, rs.getString("recipient"), rs.getString("payload"), rs.getString("state"), rs.getInt("attempts"),
        Timestamps.read(rs, "next_attempt_at"), rs.getString("last_error"), Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "sent_at"));
  }
}
