package dev.kubeward.server.jobs.internal;

import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.db.SqlParams;
import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.jobs.Job;
import dev.kubeward.server.jobs.JobStatus;
import dev.kubeward.server.jobs.QueueDepth;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code jobs} table. Every change of a running job is conditional on the lease owner, so a runner that lost its
 * lease changes nothing; claiming is conditional on the job still being claimable, so two claimers never both win.
 */
@Repository
public class JobDao {
  /** Longest stored result; a handler's result beyond it is an error, not silently cut JSON. */
  public static final int MAX_RESULT = 65536;
  private static final String COLUMNS = "id, type, dedup_key, payload, status, attempts, max_attempts, next_run_at,"
      + " lease_owner, lease_expires_at, result, error, created_at, updated_at, started_at, finished_at";
  private static final String CLAIMABLE = "((status in ('queued', 'failed') and next_run_at <= ?)"
      + " or (status = 'running' and lease_expires_at <= ?))";

  private final JdbcClient jdbc;
  private final SqlDialect dialect;

  public JobDao(JdbcClient jdbc, SqlDialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * Inserts a queued job unless an active job of the same type and key exists.
   *
   * @return true when a row was inserted
   */
  public boolean insertIfAbsent(String type, String dedupKey, String payload, int maxAttempts, Instant runAt,
      Instant now) {
    // "on conflict do nothing" (PostgreSQL, and H2 in PostgreSQL mode) instead of catching the unique violation:
    // on PostgreSQL a failed statement aborts the caller's transaction, and producers enqueue inside theirs.
    return jdbc.sql("insert into jobs (type, dedup_key, active_key, payload, status, attempts, max_attempts,"
            + " next_run_at, created_at, updated_at) values (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)"
            + " on conflict do nothing")
        .params(type, dedupKey, dedupKey, payload, maxAttempts, Timestamps.bind(runAt), Timestamps.bind(now),
            Timestamps.bind(now))
        .update() == 1;
  }

  /** The active job of this type and key. */
  public Optional<Job> findActive(String type, String dedupKey) {
    return jdbc.sql("select " + COLUMNS + " from jobs where type = ? and active_key = ?")
        .params(type, dedupKey).query(JobDao::map).optional();
  }

  public Optional<Job> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(id).query(JobDao::map).optional();
  }

  /**
   * Locks the next claimable job of one of {@code types} (call inside a transaction). On PostgreSQL rows locked by
   * other claimers are skipped, so concurrent workers each get a different job without waiting.
   */
  public Optional<Job> lockNextClaimable(Collection<String> types, Instant now) {
    if (types.isEmpty()) {
      return Optional.empty();
    }
    List<Object> params = new ArrayList<>(types);
    params.add(Timestamps.bind(now));
    params.add(Timestamps.bind(now));
    String in = String.join(", ", types.stream().map(t -> "?").toList());
    return jdbc.sql("select " + COLUMNS + " from jobs where type in (" + in + ") and " + CLAIMABLE
            + " order by next_run_at, id limit 1 for update" + (dialect.supportsSkipLocked() ? " skip locked" : ""))
        .params(params).query(JobDao::map).optional();
  }

  /** Leases a claimable job to {@code owner}; false when it is no longer claimable (another runner won). */
  public boolean markRunning(long id, String owner, Instant leaseUntil, Instant now) {
    return jdbc.sql("update jobs set status = 'running', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,"
            + " started_at = ?, updated_at = ?, finished_at = null where id = ? and " + CLAIMABLE)
        .params(owner, Timestamps.bind(leaseUntil), Timestamps.bind(now), Timestamps.bind(now), id,
            Timestamps.bind(now), Timestamps.bind(now))
        .update() == 1;
  }

  /** Renews a lease; false when {@code owner} no longer holds the job. */
  public boolean renew(long id, String owner, Instant leaseUntil, Instant now) {
    return jdbc.sql("update jobs set lease_expires_at = ?, updated_at = ? where id = ? and status = 'running'"
            + " and lease_owner = ?")
        .params(Timestamps.bind(leaseUntil), Timestamps.bind(now), id, owner).update() == 1;
  }

  /** Completes a job {@code owner} holds; false (nothing written) when it does not hold it any more. */
  public boolean complete(long id, String owner, String result, Instant now) {
    return jdbc.sql("update jobs set status = 'done', active_key = null, result = ?, error = null,"
            + " lease_expires_at = null, finished_at = ?, updated_at = ? where id = ? and status = 'running'"
            + " and lease_owner = ?")
        .params(SqlParams.varchar(result), Timestamps.bind(now), Timestamps.bind(now), id, owner).update() == 1;
  }

  /** Records a failed attempt; the job is tried again at {@code nextRunAt}. */
  public boolean fail(long id, String owner, String error, Instant nextRunAt, Instant now) {
    return jdbc.sql("update jobs set status = 'failed', error = ?, next_run_at = ?, lease_expires_at = null,"
            + " updated_at = ? where id = ? and status = 'running' and lease_owner = ?")
        .params(SqlParams.varchar(clip(error)), Timestamps.bind(nextRunAt), Timestamps.bind(now), id, owner)
        .update() == 1;
  }

  /** Gives a job up. */
  public boolean dead(long id, String owner, String error, Instant now) {
    return jdbc.sql("update jobs set status = 'dead', active_key = null, error = ?, lease_expires_at = null,"
            + " finished_at = ?, updated_at = ? where id = ? and status = 'running' and lease_owner = ?")
        .params(SqlParams.varchar(clip(error)), Timestamps.bind(now), Timestamps.bind(now), id, owner).update() == 1;
  }

  /** Gives up a running job whose lease expired on its last attempt (its worker died every time). */
  public boolean deadExpired(long id, String error, Instant now) {
    return jdbc.sql("update jobs set status = 'dead', active_key = null, error = ?, lease_expires_at = null,"
            + " finished_at = ?, updated_at = ? where id = ? and status = 'running' and lease_expires_at <= ?")
        .params(SqlParams.varchar(clip(error)), Timestamps.bind(now), Timestamps.bind(now), id, Timestamps.bind(now))
        .update() == 1;
  }

  /** Hands a job back unfinished (the runner stops): queued again, the attempt not counted. */
  public boolean release(long id, String owner, Instant now) {
    return jdbc.sql("update jobs set status = 'queued', attempts = attempts - 1, lease_owner = null,"
            + " lease_expires_at = null, next_run_at = ?, updated_at = ? where id = ? and status = 'running'"
            + " and lease_owner = ?")
        .params(Timestamps.bind(now), Timestamps.bind(now), id, owner).update() == 1;
  }

  /** Queues a dead job again (an admin's retry); false when it is not dead or its work was queued again since. */
  public boolean requeueDead(long id, Instant now) {
    return jdbc.sql("update jobs set status = 'queued', active_key = dedup_key, attempts = 0, next_run_at = ?,"
            + " lease_owner = null, finished_at = null, updated_at = ? where id = ? and status = 'dead'"
            + " and not exists (select 1 from jobs a where a.type = jobs.type and a.active_key = jobs.dedup_key)")
        .params(Timestamps.bind(now), Timestamps.bind(now), id).update() == 1;
  }

  /** Deletes done and dead jobs finished before {@code before}; returns how many. */
  public int purgeFinished(Instant before) {
    return jdbc.sql("delete from jobs where status in ('done', 'dead') and finished_at < ?")
        .param(Timestamps.bind(before)).update();
  }

  /** Jobs newest first, optionally of one type and status. */
  public List<Job> list(Optional<String> type, Optional<JobStatus> status, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from jobs where 1 = 1");
    List<Object> params = new ArrayList<>();
    type.ifPresent(t -> {
      sql.append(" and type = ?");
      params.add(t);
    });
    status.ifPresent(s -> {
      sql.append(" and status = ?");
      params.add(s.column());
    });
    sql.append(" order by id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(JobDao::map).list();
  }

  /** Counts per type and state, sorted by type. */
  public List<QueueDepth> depth(Instant now) {
    Map<String, long[]> byType = new TreeMap<>();
    jdbc.sql("select t, s, d, count(*) as n from (select type as t, status as s,"
            + " case when next_run_at <= ? then 1 else 0 end as d from jobs) x group by t, s, d")
        .params(Timestamps.bind(now))
        .query(rs -> {
          long[] c = byType.computeIfAbsent(rs.getString("t"), k -> new long[6]);
          long n = rs.getLong("n");
          boolean due = rs.getInt("d") == 1;
          switch (JobStatus.fromColumn(rs.getString("s"))) {
            case QUEUED -> c[due ? 0 : 1] += n;
            case FAILED -> {
              c[due ? 0 : 1] += n;
              c[3] += n;
            }
            case RUNNING -> c[2] += n;
            case DEAD -> c[4] += n;
            case DONE -> c[5] += n;
          }
        });
    List<QueueDepth> out = new ArrayList<>();
    byType.forEach((t, c) -> out.add(new QueueDepth(t, c[0], c[1], c[2], c[3], c[4], c[5])));
    return out;
  }

  static String clip(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= 1000 ? s : s.substring(0, 999) + "…";
  }

  static Job map(ResultSet rs, int row) throws SQLException {
    return new Job(rs.getLong("id"), rs.getString("type"), rs.getString("dedup_key"), rs.getString("payload"),
        JobStatus.fromColumn(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
        Timestamps.read(rs, "next_run_at"), rs.getString("lease_owner"), Timestamps.read(rs, "lease_expires_at"),
        rs.getString("result"), rs.getString("error"), Timestamps.read(rs, "created_at"),
        Timestamps.read(rs, "updated_at"), Timestamps.read(rs, "started_at"), Timestamps.read(rs, "finished_at"));
  }
}
