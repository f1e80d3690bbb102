package dev.kubeward.server.runtime;

import dev.kubeward.runtime.event.EventRef;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.server.db.PostgresCopy;
import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored batches and their normalized events, and per-sensor counters. A batch and its events are written in one
 * transaction (the caller's), so an acknowledged batch is complete and a failed one leaves nothing.
 */
@Repository
public class RuntimeEventStore {
  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final JsonMapper json;
  private final java.util.Set<String> knownSensors = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public RuntimeEventStore(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = new JdbcTemplate(dataSource);
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.json = json;
  }

  /** One stored event as "Open logs" shows it. */
  public record StoredEvent(String batchId, int seq, String eventId, Instant time, String source, String kind,
      String namespace, String pod, String node, String user, String summary, JsonNode event) {}

  /** A sensor's counters. */
  public record SensorRow(String clusterId, String format, Instant firstSeenAt, Instant lastBatchAt,
      Instant lastEventAt, long batches, long events, long rejectedBatches, long throttledBatches,
      long throttledEvents, String lastRejection, Instant lastRejectionAt, long failedBatches, String lastFailure,
      Instant lastFailureAt) {}

  /** Inserts a batch and its events. */
  public void insertBatch(String batchId, String clusterId, String format, Instant receivedAt, byte[] raw,
      List<RuntimeEvent> events) {
    jdbc.sql("insert into runtime_batches (id, cluster_id, format, received_at, events, bytes, raw)"
            + " values (?,?,?,?,?,?,?)")
        .params(batchId, clusterId, format, Timestamps.bind(receivedAt), events.size(), (long) raw.length, raw)
        .update();
    if (events.isEmpty()) {
      return;
    }
    if (dialect.supportsCopy()) {
      StringBuilder rows = new StringBuilder(events.size() * 600);
      for (int i = 0; i < events.size(); i++) {
        RuntimeEvent e = events.get(i);
        Object[] v = values(batchId, i, clusterId, e);
        for (int c = 0; c < v.length; c++) {
          PostgresCopy.field(rows, v[c] instanceof java.time.OffsetDateTime t ? t.toString() : v[c], c == 0);
        }
        rows.append('\n');
      }
      PostgresCopy.copyIn(dataSource, "copy runtime_events (batch_id, seq, cluster_id, event_id, event_time, source,"
          + " kind, namespace, pod, node, user_name, summary) from stdin", rows);
    } else {
      List<Object[]> args = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        args.add(values(batchId, i, clusterId, events.get(i)));
      }
      batch.batchUpdate("insert into runtime_events (batch_id, seq, cluster_id, event_id, event_time, source, kind,"
          + " namespace, pod, node, user_name, summary) values (?,?,?,?,?,?,?,?,?,?,?,?)", args);
    }
  }

  private Object[] values(String batchId, int seq, String clusterId, RuntimeEvent e) {
    return new Object[] {batchId, seq, clusterId, clip(e.id(), 300), Timestamps.bind(e.time()),
        e.source().wireName(), e.kind().wireName(), clip(e.namespace(), 253), clip(e.pod(), 253),
        clip(e.node(), 253), clip(e.user().name(), 300), clip(EventRef.summarize(e), 400)};
  }

  /**
   * Marks a batch as through the detections, if no one did yet. Called first in the transaction that records the
   * batch's alerts: the row lock it takes makes a second processor (another instance's recovery) wait, and the
   * second then sees the mark and does nothing, so a batch's alerts are written exactly once.
   *
   * @return false when the batch was processed already (or is gone)
   */
  public boolean claimProcessed(String batchId, Instant at) {
    return jdbc.sql("update runtime_batches set processed_at = ? where id = ? and processed_at is null")
        .params(Timestamps.bind(at), batchId).update() == 1;
  }

  /** What a failed processing attempt did to its batch. */
  public enum FailureOutcome {
    /** Counted; the batch stays unprocessed and the recovery takes it again. */
    RETRY,
    /** That was its last attempt: the batch is set aside as failed (stored, not retried, counted for its sensor). */
    GAVE_UP,
    /** The batch was processed meanwhile (by another instance) or purged: nothing to count. */
    GONE
  }

  /**
   * Counts a failed processing attempt of a batch, in a transaction of its own after the processing one rolled back
   * (the count must survive that rollback). After {@code maxAttempts} the batch is marked processed and failed, with
   * the error, so neither the pipeline nor the recovery take it again, and its sensor counts it; the batch and its
   * events stay stored, so nothing is lost silently. The conditional update takes the row lock, so a concurrent
   * {@link #claimProcessed} either wins (GONE) or waits.
   */
  public FailureOutcome recordFailure(String batchId, String error, Instant at, int maxAttempts) {
    return countAttempt(batchId, error, at, maxAttempts, true);
  }

  /**
   * Counts the start of a recovery attempt, before the batch goes through the pipeline again, in a transaction of its
   * own. A batch the recovery finds unprocessed was taken by a process that stopped before finishing it; if that
   * process died because of the batch (it exhausts the heap, say), no failure was ever counted, and counting at the
   * start is what sets such a batch aside after {@code maxAttempts} instead of taking a server down at every sweep.
   * A recovered batch that then fails normally is not counted a second time ({@link #recordFailureOfCountedAttempt}).
   *
   * @return RETRY to go ahead, GAVE_UP when this was one attempt too many (the batch is set aside, not processed),
   *     GONE when it was processed meanwhile
   */
  public FailureOutcome countRecoveryAttempt(String batchId, Instant at, int maxAttempts) {
    if (jdbc.sql("update runtime_batches set attempts = attempts + 1 where id = ? and processed_at is null")
        .param(batchId).update() == 0) {
      return FailureOutcome.GONE;
    }
    int attempts = jdbc.sql("select attempts from runtime_batches where id = ?").param(batchId).query(Integer.class)
        .single();
    if (attempts <= maxAttempts) {
      return FailureOutcome.RETRY;
    }
    String lastError = jdbc.sql("select last_error from runtime_batches where id = ?").param(batchId)
        .query(String.class).optional().orElse(null);
    String why = "processing did not finish " + (attempts - 1) + " times"
        + (lastError == null || lastError.isEmpty() ? " (the process stopped or crashed while processing it)"
            : "; last error: " + lastError);
    jdbc.sql("update runtime_batches set attempts = ?, last_error = ? where id = ?")
        .params(attempts - 1, clip(why, 1500), batchId).update();
    return setAside(batchId, at, attempts - 1, why);
  }

  /** A failed attempt of a recovered batch, counted already when it started: decides only whether to set it aside. */
  public FailureOutcome recordFailureOfCountedAttempt(String batchId, String error, Instant at, int maxAttempts) {
    return countAttempt(batchId, error, at, maxAttempts, false);
  }

  private FailureOutcome countAttempt(String batchId, String error, Instant at, int maxAttempts, boolean increment) {
    String why = clip(error == null ? "" : error, 1500);
    if (jdbc.sql("update runtime_batches set attempts = attempts + ?, last_error = ? where id = ?"
        + " and processed_at is null").params(increment ? 1 : 0, why, batchId).update() == 0) {
      return FailureOutcome.GONE;
    }
    record Row(String clusterId, String format, int attempts) {}
    Row row = jdbc.sql("select cluster_id, format, attempts from runtime_batches where id = ?").param(batchId)
        .query((rs, n) -> new Row(rs.getString("cluster_id"), rs.getString("format"), rs.getInt("attempts")))
        .single();
    if (row.attempts() < maxAttempts) {
      return FailureOutcome.RETRY;
    }
    return setAside(batchId, at, row.attempts(), why);
  }

  /** Marks a batch processed and failed, and counts it on its sensor. */
  private FailureOutcome setAside(String batchId, Instant at, int attempts, String why) {
    jdbc.sql("update runtime_batches set processed_at = ?, failed_at = ? where id = ?")
        .params(Timestamps.bind(at), Timestamps.bind(at), batchId).update();
    record Row(String clusterId, String format) {}
    Row row = jdbc.sql("select cluster_id, format from runtime_batches where id = ?").param(batchId)
        .query((rs, n) -> new Row(rs.getString("cluster_id"), rs.getString("format"))).single();
    // The sensor's row exists: its batches were counted when they were accepted.
    jdbc.sql("update runtime_sensors set failed_batches = failed_batches + 1, last_failure = ?, last_failure_at = ?"
        + " where cluster_id = ? and format = ?")
        .params(clip("batch " + batchId + " failed " + attempts + " times and was set aside: " + why, 2000),
            Timestamps.bind(at), row.clusterId(), row.format())
        .update();
    return FailureOutcome.GAVE_UP;
  }

  /** A batch set aside after failing its attempts; its raw body and events are still stored. */
  public record FailedBatch(String id, String clusterId, String format, Instant receivedAt, int events, long bytes,
      int attempts, String lastError, Instant failedAt) {}

  /** A cluster's failed batches, the last failed first. */
  public List<FailedBatch> failedBatches(String clusterId, int limit) {
    return jdbc.sql("select id, cluster_id, format, received_at, events, bytes, attempts, last_error, failed_at"
            + " from runtime_batches where cluster_id = ? and failed_at is not null"
            + " order by failed_at desc, id fetch first " + limit + " rows only")
        .param(clusterId)
        .query((rs, n) -> new FailedBatch(rs.getString("id"), rs.getString("cluster_id"), rs.getString("format"),
            Timestamps.read(rs, "received_at"), rs.getInt("events"), rs.getLong("bytes"), rs.getInt("attempts"),
            rs.getString("last_error"), Timestamps.read(rs, "failed_at")))
        .list();
  }

  /** How many failed batches of a cluster are still stored. */
  public long failedCount(String clusterId) {
    return jdbc.sql("select count(*) from runtime_batches where cluster_id = ? and failed_at is not null")
        .param(clusterId).query(Long.class).single();
  }

  /**
   * Gives a failed batch a fresh set of attempts (after the cause was fixed): it becomes unprocessed again and the
   * recovery takes it on its next sweep.
   *
   * @return false when no failed batch has this id
   */
  public boolean retryFailed(String clusterId, String batchId) {
    return jdbc.sql("update runtime_batches set processed_at = null, failed_at = null, attempts = 0 where id = ?"
        + " and cluster_id = ? and failed_at is not null").params(batchId, clusterId).update() == 1;
  }

  /** A stored batch the detections have not been through yet. */
  public record PendingBatch(String id, String clusterId, String format, Instant receivedAt, int events) {}

  /** Batches not yet processed that were received before a time, oldest first, after a given one (keyset). */
  public List<PendingBatch> unprocessed(Instant receivedBefore, Optional<PendingBatch> after, int limit) {
    StringBuilder sql = new StringBuilder("select id, cluster_id, format, received_at, events from runtime_batches"
        + " where processed_at is null and received_at < ?");
    List<Object> params = new ArrayList<>(List.of(Timestamps.bind(receivedBefore)));
    after.ifPresent(a -> {
      sql.append(" and (received_at > ? or (received_at = ? and id > ?))");
      params.add(Timestamps.bind(a.receivedAt()));
      params.add(Timestamps.bind(a.receivedAt()));
      params.add(a.id());
    });
    sql.append(" order by received_at, id fetch first ").append(limit).append(" rows only");
    return jdbc.sql(sql.toString()).params(params)
        .query((rs, n) -> new PendingBatch(rs.getString("id"), rs.getString("cluster_id"), rs.getString("format"),
            Timestamps.read(rs, "received_at"), rs.getInt("events")))
        .list();
  }

  /**
   * A cluster's processed batches (not the ones set aside) received from {@code from} on, strictly between two
   * positions in receive order, oldest first; the newest ones when they hold more than {@code maxEvents} events.
   */
  public List<PendingBatch> processedBefore(String clusterId, Instant from, Optional<BatchReplay.Position> after,
      BatchReplay.Position before, int maxEvents) {
    StringBuilder sql = new StringBuilder("select id, cluster_id, format, received_at, events from runtime_batches"
        + " where cluster_id = ? and processed_at is not null and failed_at is null and received_at >= ?"
        + " and id <> ? and (received_at < ? or (received_at = ? and id < ?))");
    // The batch itself is excluded by id: it is marked processed already (in the caller's transaction), and a receive
    // time taken from the clock has nanoseconds the database rounds to microseconds, so either side of the bound.
    Instant bound = before.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    List<Object> params = new ArrayList<>(List.of(clusterId, Timestamps.bind(from), before.id(), Timestamps.bind(bound),
        Timestamps.bind(bound), before.id()));
    after.ifPresent(a -> {
      sql.append(" and (received_at > ? or (received_at = ? and id > ?))");
      params.add(Timestamps.bind(a.receivedAt()));
      params.add(Timestamps.bind(a.receivedAt()));
      params.add(a.id());
    });
    sql.append(" order by received_at desc, id desc");
    List<PendingBatch> newestFirst = new ArrayList<>();
    long[] events = {0};
    boolean[] full = {false};
    jdbc.sql(sql.toString()).params(params).query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
      int n = rs.getInt("events");
      if (full[0] || events[0] + n > maxEvents) {
        full[0] = true; // the rest is older; the rows are few (one window), so reading past them is cheap
        return;
      }
      events[0] += n;
      newestFirst.add(new PendingBatch(rs.getString("id"), rs.getString("cluster_id"), rs.getString("format"),
          Timestamps.read(rs, "received_at"), n));
    });
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** Counts an accepted batch for its sensor. */
  public void countAccepted(String clusterId, String format, Instant at, int events, Instant lastEventTime) {
    ensureSensor(clusterId, format, at);
    jdbc.sql("update runtime_sensors set last_batch_at = ?, batches = batches + 1, events = events + ?"
        + " where cluster_id = ? and format = ?")
        .params(Timestamps.bind(at), events, clusterId, format).update();
    if (lastEventTime != null) {
      jdbc.sql("update runtime_sensors set last_event_at = ? where cluster_id = ? and format = ?"
          + " and (last_event_at is null or last_event_at < ?)")
          .params(Timestamps.bind(lastEventTime), clusterId, format, Timestamps.bind(lastEventTime)).update();
    }
  }

  /** Counts a refused batch (bad input) for its sensor. */
  public void countRejected(String clusterId, String format, Instant at, String why) {
    registerSensor(clusterId, format, at);
    jdbc.sql("update runtime_sensors set rejected_batches = rejected_batches + 1, last_rejection = ?,"
        + " last_rejection_at = ? where cluster_id = ? and format = ?")
        .params(clip(why, 1000), Timestamps.bind(at), clusterId, format).update();
  }

  /** Counts a batch answered with 429 (queue full): the sensor may drop it, so it is a health problem. */
  public void countThrottled(String clusterId, String format, Instant at, long events) {
    registerSensor(clusterId, format, at);
    jdbc.sql("update runtime_sensors set throttled_batches = throttled_batches + 1,"
        + " throttled_events = throttled_events + ?, last_rejection = ?, last_rejection_at = ?"
        + " where cluster_id = ? and format = ?")
        .params(events, "the server's event queue was full (429)", Timestamps.bind(at), clusterId, format).update();
  }

  private void ensureSensor(String clusterId, String format, Instant at) {
    if (knownSensors.contains(clusterId + "|" + format)) {
      return;
    }
    jdbc.sql("merge into runtime_sensors s using (select cast(? as varchar(36)) as c, cast(? as varchar(40)) as f) v"
        + " on s.cluster_id = v.c and s.format = v.f"
        + " when not matched then insert (cluster_id, format, first_seen_at) values (v.c, v.f, ?)")
        .params(clusterId, format, Timestamps.bind(at)).update();
    knownSensors.add(clusterId + "|" + format);
  }

  /**
   * Creates a sensor's row outside any batch transaction, so that two first batches of the same sensor cannot both
   * try to insert it inside their transactions (the loser would fail its whole batch).
   */
  public void registerSensor(String clusterId, String format, Instant at) {
    try {
      ensureSensor(clusterId, format, at);
    } catch (org.springframework.dao.DuplicateKeyException raced) {
      knownSensors.add(clusterId + "|" + format);
    }
  }

  /** The sensors of a cluster. */
  public List<SensorRow> sensors(String clusterId) {
    return jdbc.sql("select * from runtime_sensors where cluster_id = ? order by format").param(clusterId)
        .query((rs, n) -> new SensorRow(rs.getString("cluster_id"), rs.getString("format"),
            Timestamps.read(rs, "first_seen_at"), Timestamps.read(rs, "last_batch_at"),
            Timestamps.read(rs, "last_event_at"), rs.getLong("batches"), rs.getLong("events"),
            rs.getLong("rejected_batches"), rs.getLong("throttled_batches"), rs.getLong("throttled_events"),
            rs.getString("last_rejection"), Timestamps.read(rs, "last_rejection_at"), rs.getLong("failed_batches"),
            rs.getString("last_failure"), Timestamps.read(rs, "last_failure_at")))
        .list();
  }

  /** Events of a cluster between two times, oldest first, optionally on one namespace or pod. */
  public List<StoredEvent> between(String clusterId, Instant from, Instant to, Optional<String> namespace,
      Optional<String> pod, int limit) {
    StringBuilder sql = new StringBuilder("select * from runtime_events where cluster_id = ? and event_time >= ?"
        + " and event_time <= ?");
    List<Object> params = new ArrayList<>(List.of(clusterId, Timestamps.bind(from), Timestamps.bind(to)));
    namespace.ifPresent(n -> {
      sql.append(" and namespace = ?");
      params.add(n);
    });
    pod.ifPresent(p -> {
      sql.append(" and pod = ?");
      params.add(p);
    });
    sql.append(" order by event_time, batch_id, seq fetch first ").append(limit).append(" rows only");
    return jdbc.sql(sql.toString()).params(params).query((rs, n) -> stored(rs)).list();
  }

  /** The stored events of one batch of a cluster, in their order in the batch. */
  public List<StoredEvent> ofBatch(String clusterId, String batchId, int limit) {
    return jdbc.sql("select * from runtime_events where cluster_id = ? and batch_id = ? order by seq fetch first "
            + limit + " rows only")
        .params(clusterId, batchId).query((rs, n) -> stored(rs)).list();
  }

  /** Stored events with these ids (evidence). */
  public List<StoredEvent> byIds(String clusterId, List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select * from runtime_events where cluster_id = :c and event_id in (:ids) order by event_time")
        .param("c", clusterId).param("ids", eventIds).query((rs, n) -> stored(rs)).list();
  }

  private StoredEvent stored(ResultSet rs) throws SQLException {
    return new StoredEvent(rs.getString("batch_id"), rs.getInt("seq"), rs.getString("event_id"),
        Timestamps.read(rs, "event_time"), rs.getString("source"), rs.getString("kind"), rs.getString("namespace"),
        rs.getString("pod"), rs.getString("node"), rs.getString("user_name"), rs.getString("summary"), null);
  }

  /** A stored batch's format, receive time and original body. */
  public record RawBatch(String id, String clusterId, String format, Instant receivedAt, byte[] raw) {}

  public Optional<RawBatch> rawBatch(String batchId) {
    return jdbc.sql("select id, cluster_id, format, received_at, raw from runtime_batches where id = ?").param(batchId)
        .query((rs, n) -> new RawBatch(rs.getString("id"), rs.getString("cluster_id"), rs.getString("format"),
            Timestamps.read(rs, "received_at"), rs.getBytes("raw")))
        .optional();
  }

  /**
   * The stored events with their normalized form, decoded again from their batches' raw bodies (each batch once).
   * An event whose batch cannot be decoded any more keeps a null event and its stored columns.
   */
  public List<StoredEvent> withEvents(List<StoredEvent> events, EventFormats formats) {
    Map<String, Map<Integer, RuntimeEvent>> byBatch = new HashMap<>();
    List<StoredEvent> out = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      Map<Integer, RuntimeEvent> decoded = byBatch.computeIfAbsent(e.batchId(), id -> decode(id, formats));
      RuntimeEvent ev = decoded.get(e.seq());
      out.add(ev == null ? e : new StoredEvent(e.batchId(), e.seq(), e.eventId(), e.time(), e.source(), e.kind(),
          e.namespace(), e.pod(), e.node(), e.user(), e.summary(), json.valueToTree(ev)));
    }
    return out;
  }

  private Map<Integer, RuntimeEvent> decode(String batchId, EventFormats formats) {
    Map<Integer, RuntimeEvent> out = new HashMap<>();
    Optional<RawBatch> b = rawBatch(batchId);
    if (b.isEmpty() || formats.find(b.get().format()).isEmpty()) {
      return out;
    }
    try {
      int[] i = {0};
      formats.stream(b.get().format(), new java.io.ByteArrayInputStream(b.get().raw()), "batch " + batchId,
          new IngestContext(b.get().clusterId(), batchId, b.get().receivedAt()), IngestLimits.DEFAULT,
          ev -> out.put(i[0]++, ev));
    } catch (EventInputException e) {
      // Accepted once, so this only happens after a format change; the stored columns still show the event.
      return out;
    }
    return out;
  }

  /** Deletes a cluster's batches (and their events) received before a time; returns batches deleted. */
  public int purge(String clusterId, Instant before) {
    return jdbc.sql("delete from runtime_batches where cluster_id = ? and received_at < ?")
        .params(clusterId, Timestamps.bind(before)).update();
  }

  /** Clusters with stored batches. */
  public List<String> clustersWithEvents() {
    return jdbc.sql("select distinct cluster_id from runtime_batches").query(String.class).list();
  }

  /** Number of stored events of a cluster (tests, health). */
  public long count(String clusterId) {
    return jdbc.sql("select count(*) from runtime_events where cluster_id = ?").param(clusterId).query(Long.class)
        .single();
  }

  private static Object bind(Instant t) {
    return t == null ? null : Timestamps.bind(t);
  }

  static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max);
  }
}
