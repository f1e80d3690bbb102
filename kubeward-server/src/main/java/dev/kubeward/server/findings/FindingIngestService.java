package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.PostgresCopy;
import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.db.SqlParams;
import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way findings enter the store. A scanner hands over "the findings of kind K that source S sees in cluster
 * C"; this service writes them in batches and keeps the workflow consistent:
 * <ul>
 *   <li>a new finding is inserted as Open (Active for alerts), or Exempted when an exception covers it;
 *   <li>a finding whose content did not change is not written at all (a content hash decides), so re-reporting ten
 *       million unchanged findings costs reads, not writes;
 *   <li>with a {@link FindingReport.Mode#FULL full} report, a finding the source no longer reports is resolved, with
 *       that reason in its history, and reopens when it comes back;
 *   <li>the findings bar's counts move with every change, in the same transaction.
 * </ul>
 * A report is one transaction: readers see all of it or none of it.
 *
 * <p>Why not a single {@code MERGE}: the history, the count deltas and the notifications need to know, per finding,
 * what it was before. PostgreSQL 15's MERGE cannot return that, so each batch reads the existing rows' identity, hash
 * and state with one indexed query, and then inserts (COPY on PostgreSQL) or updates only what changed.
 */
@Service
public class FindingIngestService {
  /** Findings read, compared and written per round trip. */
  static final int CHUNK = 2000;

  private static final String RESOLVE_COLUMNS = "id, status, severity, risk, standard_id, title, namespace,"
      + " resource_kind, resource_name, owner, due_date, ticket_sys_id";

  private static final String INSERT_COLUMNS = "cluster_id, kind, source, finding_key, rule_id, standard_id, title,"
      + " details, severity, risk, status, present, namespace, resource_kind, resource_name, container, image,"
      + " image_digest, package_name, package_version, fixed_version, attributes, content_hash, seen_report,"
      + " exception_id, first_seen, last_seen, updated_at";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final ClusterDao clusters;
  private final FindingDao findings;
  private final FindingCountsDao counts;
  private final ExceptionMatcher.Factory exceptions;
  private final List<FindingListener> listeners;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate tx;
  private dev.kubeward.server.metrics.ServerMetrics metrics = dev.kubeward.server.metrics.ServerMetrics.NONE;

  public FindingIngestService(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, ClusterDao clusters,
      FindingDao findings, FindingCountsDao counts, ExceptionMatcher.Factory exceptions,
      List<FindingListener> listeners, Clock clock, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.batch = new JdbcTemplate(dataSource);
    this.batch.setFetchSize(FindingDao.STREAM_FETCH_SIZE);
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clusters = clusters;
    this.findings = findings;
    this.counts = counts;
    this.exceptions = exceptions;
    this.listeners = listeners;
    // Sorted keys make equal attributes hash equally whatever order the producer built its map in.
    this.json = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Where ingestion times and counts go (Spring sets the server's registry; plain construction records nowhere). */
  @org.springframework.beans.factory.annotation.Autowired(required = false)
  public void setMetrics(dev.kubeward.server.metrics.ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Ingests a report held in memory. */
  public IngestResult report(FindingReport report, List<ReportedFinding> reported) {
    return report(report, (Iterable<ReportedFinding>) reported);
  }

  /**
   * Ingests a report, reading the findings once, in order; they may be produced lazily (a stream of millions).
   *
   * @throws ApiException 404 when the cluster does not exist
   * @throws IllegalArgumentException when a finding is malformed (nothing is stored then)
   */
  public IngestResult report(FindingReport report, Iterable<ReportedFinding> reported) {
    return timed(report, () -> tx.execute(status -> new Run(report, List.of()).run(reported.iterator())));
  }

  /**
   * Ingests an increment together with the keys of findings the source no longer sees (a live scanner's change:
   * "these appeared or changed, those are gone"). The gone ones are resolved as a full report would resolve them;
   * a key that is also reported stays open.
   *
   * @throws IllegalArgumentException when gone keys come with a full report (a full report resolves by itself)
   */
  public IngestResult report(FindingReport report, List<ReportedFinding> reported, java.util.Collection<String> gone) {
    if (!gone.isEmpty() && report.mode() != FindingReport.Mode.INCREMENTAL) {
      throw new IllegalArgumentException("gone keys belong to an incremental report");
    }
    List<String> keys = gone.stream().map(ReportedFinding::normalizeKey).distinct().toList();
    return timed(report, () -> tx.execute(status -> new Run(report, keys).run(reported.iterator())));
  }

  private IngestResult timed(FindingReport report, java.util.function.Supplier<IngestResult> run) {
    long start = System.nanoTime();
    IngestResult result = run.get();
    metrics.findingsIngested(FindingEnums.kind(report.kind()), report.mode().name().toLowerCase(java.util.Locale.ROOT),
        result.received(), java.time.Duration.ofNanos(System.nanoTime() - start));
    return result;
  }

  /** One report being ingested. */
  private final class Run {
    final FindingReport report;
    final List<String> gone;
    final String kindColumn;
    final String actor;
    final Instant now = clock.instant();
    final CountDeltas deltas = new CountDeltas();
    final List<FindingEvent> events = new ArrayList<>();
    long seq;
    Instant previousFullReport;
    boolean firstLoad;
    ExceptionMatcher matcher;
    long received;
    long inserted;
    long updated;
    long unchanged;
    long reopened;
    long resolved;
    long[] seen = new long[1024];
    int seenCount;
    BitSet firstLoadKeys;
    PostgresCopy.Stream copy;

    Run(FindingReport report, List<String> gone) {
      this.report = report;
      this.gone = gone;
      this.kindColumn = FindingEnums.kind(report.kind());
      this.actor = "scanner:" + report.source();
    }

    IngestResult run(Iterator<ReportedFinding> it) {
      try {
        return ingest(it);
      } finally {
        if (copy != null) {
          copy.abort();
        }
      }
    }

    /** Ends an open COPY: needed before any other statement on the connection. */
    void finishCopy() {
      if (copy != null) {
        PostgresCopy.Stream c = copy;
        copy = null;
        c.finish();
      }
    }

    IngestResult ingest(Iterator<ReportedFinding> it) {
      Cluster cluster = clusters.find(report.clusterId())
          .orElseThrow(() -> ApiException.notFound("cluster", report.clusterId()));
      dialect.forceCustomPlans().ifPresent(sql -> jdbc.sql(sql).update());
      lockSource();
      matcher = exceptions.forCluster(cluster.workspaceId(), cluster.id(), now);
      if (firstLoad) {
        firstLoadKeys = new BitSet(1 << 26);
      }
      List<ReportedFinding> chunk = new ArrayList<>(CHUNK);
      while (it.hasNext()) {
        ReportedFinding f = it.next();
        if (f == null) {
          throw new IllegalArgumentException("a report must not contain null findings");
        }
        chunk.add(f);
        if (chunk.size() == CHUNK) {
          chunk(chunk);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        chunk(chunk);
      }
      finishCopy();
      if (report.mode() == FindingReport.Mode.FULL && !firstLoad) {
        resolveMissing();
      }
      if (!gone.isEmpty() && !firstLoad) {
        resolveGone();
      }
      counts.apply(deltas);
      if (!events.isEmpty()) {
        listeners.forEach(l -> l.onEvents(events));
      }
      return new IngestResult(seq, received, inserted, updated, unchanged, reopened, resolved);
    }

    void lockSource() {
      jdbc.sql("""
              merge into finding_sources t
              using (values (cast(? as varchar(36)), cast(? as varchar(16)), cast(? as varchar(100))))
                as s (cluster_id, kind, source)
              on t.cluster_id = s.cluster_id and t.kind = s.kind and t.source = s.source
              when not matched then insert (cluster_id, kind, source, report_seq) values (s.cluster_id, s.kind, s.source, 0)""")
          .params(report.clusterId(), kindColumn, report.source()).update();
      // The row lock serialises reports of one source: two scans of the same cluster never interleave.
      Map<String, Object> row = jdbc.sql("select report_seq, last_full_report_at from finding_sources"
              + " where cluster_id = ? and kind = ? and source = ? for update")
          .params(report.clusterId(), kindColumn, report.source())
          .query((rs, n) -> {
            Map<String, Object> m = new HashMap<>();
            m.put("seq", rs.getLong("report_seq"));
            m.put("full", Timestamps.read(rs, "last_full_report_at"));
            return m;
          }).single();
      long previousSeq = (Long) row.get("seq");
      previousFullReport = (Instant) row.get("full");
      seq = previousSeq + 1;
      boolean full = report.mode() == FindingReport.Mode.FULL;
      jdbc.sql("update finding_sources set report_seq = ?, last_report_at = ?,"
              + " last_full_report_at = " + (full ? "?" : "last_full_report_at")
              + " where cluster_id = ? and kind = ? and source = ?")
          .params(full
              ? List.of(seq, Timestamps.bind(now), Timestamps.bind(now), report.clusterId(), kindColumn, report.source())
              : List.of(seq, Timestamps.bind(now), report.clusterId(), kindColumn, report.source()))
          .update();
      firstLoad = previousSeq == 0 && jdbc.sql("select count(*) from findings where cluster_id = ? and kind = ? and source = ?")
          .params(report.clusterId(), kindColumn, report.source()).query(Long.class).single() == 0;
    }

    void chunk(List<ReportedFinding> chunk) {
      Map<String, Prepared> byKey = new LinkedHashMap<>();
      MessageDigest sha = sha256();
      for (ReportedFinding f : chunk) {
        Prepared p = prepare(f, sha);
        byKey.put(p.key, p);
      }
      received += byKey.size();
      Map<String, Existing> existing = firstLoad ? existingInFirstLoad(byKey) : existing(byKey.keySet());
      List<Prepared> inserts = new ArrayList<>();
      List<Object[]> updates = new ArrayList<>();
      List<FindingChange> history = new ArrayList<>();
      for (Prepared p : byKey.values()) {
        Existing e = existing.get(p.key);
        if (e == null) {
          p.exceptionId = matcher.match(report.kind(), p.f.namespace(), p.f.resourceName(), p.f.imageDigest(),
              p.f.packageName(), p.f.ruleId()).orElse(null);
          p.status = p.exceptionId != null ? FindingStatus.EXEMPTED : FindingStatus.initial(report.kind());
          inserts.add(p);
          deltas.add(report.clusterId(), report.kind(), p.standardId, p.status, p.severity, p.risk, 1);
          continue;
        }
        remember(e.id);
        boolean reappeared = !e.present;
        boolean stillThere = report.mode() == FindingReport.Mode.FULL && e.present && e.status == FindingStatus.RESOLVED
            && FindingEnums.isRecommendation(report.kind());
        boolean changed = e.hash != p.hash;
        boolean touch = report.mode() == FindingReport.Mode.INCREMENTAL;
        if (!reappeared && !stillThere && !changed && !touch) {
          unchanged++;
          continue;
        }
        FindingStatus newStatus = e.status;
        String exceptionId = e.exceptionId;
        if ((reappeared || stillThere) && e.status == FindingStatus.RESOLVED) {
          Optional<String> exc = e.exceptionId != null && matcher.active(e.exceptionId) ? Optional.of(e.exceptionId)
              : matcher.match(report.kind(), p.f.namespace(), p.f.resourceName(), p.f.imageDigest(), p.f.packageName(),
                  p.f.ruleId());
          newStatus = exc.isPresent() ? FindingStatus.EXEMPTED : FindingStatus.initial(report.kind());
          exceptionId = exc.orElse(null);
          reopened++;
          history.add(new FindingChange(e.id, now, actor, "status", e.status.apiName(), newStatus.apiName(),
              reappeared ? "reported again by " + report.source() : "still reported by " + report.source()
                  + " after it was marked resolved"));
        }
        if (e.severity != p.severity) {
          history.add(new FindingChange(e.id, now, actor, "severity",
              FindingEnums.severity(FindingEnums.severityFromRank(e.severity)),
              FindingEnums.severity(FindingEnums.severityFromRank(p.severity)), "reported by " + report.source()));
        }
        if (e.risk != p.risk) {
          history.add(new FindingChange(e.id, now, actor, "risk",
              FindingEnums.risk(FindingEnums.riskFromRank(e.risk)), FindingEnums.risk(FindingEnums.riskFromRank(p.risk)),
              "reported by " + report.source()));
        }
        deltas.move(report.clusterId(), report.kind(), e.standardId, e.status, e.severity, e.risk, newStatus,
            p.severity, p.risk);
        if (!e.standardId.equals(p.standardId)) {
          // A control moved to another standard: move its count, too.
          deltas.add(report.clusterId(), report.kind(), e.standardId, newStatus, p.severity, p.risk, -1);
          deltas.add(report.clusterId(), report.kind(), p.standardId, newStatus, p.severity, p.risk, 1);
        }
        updates.add(new Object[] {p.f.ruleId(), p.standardId, p.f.title(), p.f.details(), p.severity, p.risk,
            newStatus.column(), p.f.namespace(), p.f.resourceKind(), p.f.resourceName(), p.f.container(), p.f.image(),
            p.f.imageDigest(), p.f.packageName(), p.f.packageVersion(), p.f.fixedVersion(), p.attributes, p.hash, seq,
            SqlParams.varchar(exceptionId), Timestamps.bind(now), Timestamps.bind(now), e.id});
        updated++;
      }
      if (!updates.isEmpty() || !history.isEmpty()) {
        // Statements other than the COPY need the connection to themselves.
        finishCopy();
        if (!updates.isEmpty()) {
          batch.batchUpdate("update findings set rule_id = ?, standard_id = ?, title = ?, details = ?, severity = ?,"
              + " risk = ?, status = ?, present = true, namespace = ?, resource_kind = ?, resource_name = ?,"
              + " container = ?, image = ?, image_digest = ?, package_name = ?, package_version = ?, fixed_version = ?,"
              + " attributes = ?, content_hash = ?, seen_report = ?, exception_id = ?, last_seen = ?, updated_at = ?"
              + " where id = ?", updates);
        }
        findings.insertHistory(history);
      }
      insert(inserts);
    }

    /** On a first load nothing exists, except a key repeated in an earlier chunk of this very report. */
    Map<String, Existing> existingInFirstLoad(Map<String, Prepared> byKey) {
      List<String> maybeSeen = new ArrayList<>();
      for (String key : byKey.keySet()) {
        long h = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
          h = 31 * h + key.charAt(i);
        }
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        int[] bits = {h1 & 0x3ffffff, (h1 * 31 + h2) & 0x3ffffff, (h2 ^ (h1 >>> 7)) & 0x3ffffff};
        boolean all = true;
        for (int b : bits) {
          if (!firstLoadKeys.get(b)) {
            all = false;
            firstLoadKeys.set(b);
          }
        }
        if (all) {
          maybeSeen.add(key);
        }
      }
      if (maybeSeen.isEmpty()) {
        return Map.of();
      }
      finishCopy();
      return existing(maybeSeen);
    }

    Map<String, Existing> existing(java.util.Collection<String> keys) {
      finishCopy();
      Map<String, Existing> out = new HashMap<>();
      if (keys.isEmpty()) {
        return out;
      }
      List<Object> params = new ArrayList<>(keys.size() + 3);
      params.add(report.clusterId());
      params.add(kindColumn);
      params.add(report.source());
      params.addAll(keys);
      jdbc.sql("select id, finding_key, content_hash, status, severity, risk, standard_id, present, exception_id"
              + " from findings where cluster_id = ? and kind = ? and source = ? and finding_key in ("
              + FindingSql.marks(keys.size()) + ")")
          .params(params)
          .query(rs -> {
            Existing e = new Existing(rs.getLong("id"), rs.getLong("content_hash"),
                FindingStatus.fromColumn(rs.getString("status")), rs.getInt("severity"), rs.getInt("risk"),
                rs.getString("standard_id"), rs.getBoolean("present"), rs.getString("exception_id"));
            out.put(rs.getString("finding_key"), e);
          });
      return out;
    }

    void insert(List<Prepared> rows) {
      if (rows.isEmpty()) {
        return;
      }
      inserted += rows.size();
      String t = Timestamps.bind(now).toString();
      if (dialect.supportsCopy()) {
        StringBuilder b = new StringBuilder(rows.size() * 300);
        for (Prepared p : rows) {
          Object[] v = insertValues(p, t);
          for (int i = 0; i < v.length; i++) {
            PostgresCopy.field(b, v[i], i == 0);
          }
          b.append('\n');
        }
        if (copy == null) {
          copy = PostgresCopy.open(dataSource, "copy findings (" + INSERT_COLUMNS + ") from stdin");
        }
        copy.write(b);
        return;
      }
      List<Object[]> args = new ArrayList<>(rows.size());
      for (Prepared p : rows) {
        Object[] v = insertValues(p, null);
        v[24] = SqlParams.varchar(p.exceptionId);
        v[25] = v[26] = v[27] = Timestamps.bind(now);
        args.add(v);
      }
      batch.batchUpdate("insert into findings (" + INSERT_COLUMNS + ") values ("
          + FindingSql.marks(28) + ")", args);
    }

    Object[] insertValues(Prepared p, String time) {
      ReportedFinding f = p.f;
      return new Object[] {report.clusterId(), kindColumn, report.source(), p.key, f.ruleId(), p.standardId, f.title(),
          f.details(), p.severity, p.risk, p.status.column(), dialect.supportsCopy() ? "t" : Boolean.TRUE, f.namespace(),
          f.resourceKind(), f.resourceName(), f.container(), f.image(), f.imageDigest(), f.packageName(),
          f.packageVersion(), f.fixedVersion(), p.attributes, p.hash, seq, p.exceptionId, time, time, time};
    }

    /** Resolves every finding of this source that the full report no longer contains. */
    void resolveMissing() {
      long[] reported = Arrays.copyOf(seen, seenCount);
      Arrays.sort(reported);
      List<Object[]> updates = new ArrayList<>();
      List<FindingChange> history = new ArrayList<>();
      Object lastSeen = SqlParams.timestamp(previousFullReport);
      batch.query("select " + RESOLVE_COLUMNS + " from findings"
              + " where cluster_id = ? and kind = ? and source = ? and present = true and seen_report < ?",
          rs -> {
            if (Arrays.binarySearch(reported, rs.getLong("id")) < 0) {
              resolveRow(rs, lastSeen, updates, history);
            }
          }, report.clusterId(), kindColumn, report.source(), seq);
      flushResolved(updates, history);
    }

    /** Resolves the findings an incremental report names as gone (unless this very report brought them back). */
    void resolveGone() {
      long[] reported = Arrays.copyOf(seen, seenCount);
      Arrays.sort(reported);
      List<Object[]> updates = new ArrayList<>();
      List<FindingChange> history = new ArrayList<>();
      // Seen until this change; the exact time of the previous report is not worth a query.
      Object lastSeen = SqlParams.timestamp(now);
      for (int i = 0; i < gone.size(); i += CHUNK) {
        List<String> keys = gone.subList(i, Math.min(gone.size(), i + CHUNK));
        List<Object> params = new ArrayList<>(keys.size() + 3);
        params.add(report.clusterId());
        params.add(kindColumn);
        params.add(report.source());
        params.addAll(keys);
        batch.query("select " + RESOLVE_COLUMNS + " from findings"
                + " where cluster_id = ? and kind = ? and source = ? and present = true and finding_key in ("
                + FindingSql.marks(keys.size()) + ")",
            rs -> {
              if (Arrays.binarySearch(reported, rs.getLong("id")) < 0) {
                resolveRow(rs, lastSeen, updates, history);
              }
            }, params.toArray());
      }
      flushResolved(updates, history);
    }

    void resolveRow(java.sql.ResultSet rs, Object lastSeen, List<Object[]> updates, List<FindingChange> history)
        throws java.sql.SQLException {
      long id = rs.getLong("id");
      FindingStatus old = FindingStatus.fromColumn(rs.getString("status"));
      FindingStatus to = old == FindingStatus.DISMISSED ? old : FindingStatus.RESOLVED;
      int sev = rs.getInt("severity");
      int risk = rs.getInt("risk");
      updates.add(new Object[] {to.column(), lastSeen, Timestamps.bind(now), id});
      if (to != old) {
        resolved++;
        String reason = "no longer reported by " + report.source();
        history.add(new FindingChange(id, now, actor, "status", old.apiName(), to.apiName(), reason));
        deltas.move(report.clusterId(), report.kind(), rs.getString("standard_id"), old, sev, risk, to, sev, risk);
        String owner = rs.getString("owner");
        String ticket = rs.getString("ticket_sys_id");
        if (owner != null || ticket != null) {
          java.sql.Date due = rs.getDate("due_date");
          String name = rs.getString("resource_name");
          String resource = name.isEmpty() ? "" : rs.getString("resource_kind") + "/"
              + (rs.getString("namespace").isEmpty() ? "" : rs.getString("namespace") + "/") + name;
          events.add(new FindingEvent(FindingEvent.Type.STATUS_CHANGED, id, report.clusterId(), report.kind(),
              rs.getString("title"), FindingEnums.severityFromRank(sev), resource, owner,
              due == null ? null : due.toLocalDate(), old, to, ticket, actor, reason));
        }
      }
      if (updates.size() >= CHUNK) {
        flushResolved(updates, history);
      }
    }

    void flushResolved(List<Object[]> updates, List<FindingChange> history) {
      if (!updates.isEmpty()) {
        batch.batchUpdate("update findings set status = ?, present = false, last_seen = coalesce(?, last_seen),"
            + " updated_at = ? where id = ?", updates);
        updates.clear();
      }
      findings.insertHistory(history);
      history.clear();
    }

    void remember(long id) {
      if (seenCount == seen.length) {
        seen = Arrays.copyOf(seen, seen.length * 2);
      }
      seen[seenCount++] = id;
    }

    Prepared prepare(ReportedFinding f, MessageDigest sha) {
      String attributes = json.writeValueAsString(f.attributes());
      if (attributes.length() > 65536) {
        throw new IllegalArgumentException("the attributes of finding '" + f.identity() + "' are larger than 64 KiB");
      }
      String standardId = report.kind() == FindingKind.COMPLIANCE ? f.standardId() : "";
      int severity = f.severity().ordinal();
      int risk = FindingEnums.riskRank(f.risk());
      sha.reset();
      for (String s : new String[] {f.ruleId(), standardId, f.title(), f.details(), String.valueOf(severity),
          String.valueOf(risk), f.namespace(), f.resourceKind(), f.resourceName(), f.container(), f.image(),
          f.imageDigest(), f.packageName(), f.packageVersion(), f.fixedVersion(), attributes}) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] d = sha.digest();
      long hash = 0;
      for (int i = 0; i < 8; i++) {
        hash = (hash << 8) | (d[i] & 0xff);
      }
      return new Prepared(f, f.identity(), standardId, severity, risk, attributes, hash);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A reported finding with everything computed once. */
  private static final class Prepared {
    final ReportedFinding f;
    final String key;
    final String standardId;
    final int severity;
    final int risk;
    final String attributes;
    final long hash;
    FindingStatus status;
    String exceptionId;

    Prepared(ReportedFinding f, String key, String standardId, int severity, int risk, String attributes, long hash) {
      this.f = f;
      this.key = key;
      this.standardId = standardId;
      this.severity = severity;
      this.risk = risk;
      this.attributes = attributes;
      this.hash = hash;
    }
  }

  /** What the store holds about a reported key. */
  private record Existing(long id, long hash, FindingStatus status, int severity, int risk, String standardId,
      boolean present, String exceptionId) {}
}
