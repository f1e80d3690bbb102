package dev.kubeward.server.runtime;

import dev.kubeward.model.FindingKind;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.db.KeysetPaging;
import dev.kubeward.server.db.KeysetPaging.SortColumn;
import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.findings.FindingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert details ({@code runtime_alerts}) next to their findings row. The alert record is stored whole as JSON; the
 * status is always read from the findings row, which is the one place statuses change (with history).
 */
@Repository
public class RuntimeAlertStore {
  /** The findings source of runtime alerts. */
  public static final String SOURCE = "runtime";

  private static final String SELECT = "select a.*, f.status as finding_status, f.id as fid from runtime_alerts a"
      + " left join findings f on f.id = a.finding_id";
  private static final String FINDING_STATUS = "select f.status from findings f where f.id = a.finding_id";

  private final JdbcClient jdbc;
  // Own mapper: the alert body is our own format and must read back even if records gain derived accessors.
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public RuntimeAlertStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored alert and its finding. */
  public record StoredAlert(Alert alert, Long findingId, FindingStatus findingStatus) {}

  /** The open (not resolved) alert with this dedup key, if any. */
  public Optional<StoredAlert> openByDedupKey(String clusterId, String dedupKey) {
    return jdbc.sql(SELECT + " where a.cluster_id = ? and a.dedup_key = ? and (f.status is null or f.status <> ?)"
            + " order by a.first_seen desc fetch first 1 rows only")
        .params(clusterId, dedupKey, FindingStatus.RESOLVED.column())
        .query((rs, n) -> read(rs)).optional();
  }

  public Optional<StoredAlert> find(String alertId) {
    return jdbc.sql(SELECT + " where a.id = ?").param(alertId).query((rs, n) -> read(rs)).optional();
  }

  public Optional<StoredAlert> byFinding(long findingId) {
    return jdbc.sql(SELECT + " where a.finding_id = ?").param(findingId).query((rs, n) -> read(rs)).optional();
  }

  /** Alerts of a cluster, newest activity first. */
  public List<StoredAlert> list(String clusterId, Optional<Instant> since, int limit) {
    List<Object> params = new ArrayList<>(List.of(clusterId));
    String where = " where a.cluster_id = ?";
    if (since.isPresent()) {
      where += " and a.last_seen >= ?";
      params.add(Timestamps.bind(since.get()));
    }
    return jdbc.sql(SELECT + where + " order by a.last_seen desc, a.id fetch first " + limit + " rows only")
        .params(params).query((rs, n) -> read(rs)).list();
  }

  /**
   * The sortable fields of alert lists and their columns. {@code risk} is the risk level's rank (Critical 0), so the
   * ascending sort is worst first, as in the findings lists; {@code created} is the alert's finding id, assigned
   * once, so paging by it is stable even while alerts are updated.
   */
  public static final Map<String, SortColumn> SORT_COLUMNS = Map.of(
      "lastSeen", SortColumn.timestamp("a.last_seen"),
      "risk", SortColumn.number("case a.risk when 'CRITICAL' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2"
          + " else 3 end"),
      "created", SortColumn.number("a.finding_id"));

  /** The sortable fields; the default sort is {@code -lastSeen} (latest activity first). */
  public static final List<String> SORTABLE = List.of("lastSeen", "risk", "created");

  /** A listed alert and its sort column's value as stored (the cursor must carry the stored precision). */
  public record Listed(StoredAlert stored, String sortValue) {}

  /** One page of a cluster's alerts, optionally of one status, after the request's cursor (keyset paging). */
  public List<Listed> page(String clusterId, Optional<AlertStatus> status, PageRequest page) {
    SortColumn sort = SORT_COLUMNS.get(page.sort());
    // The finding's status by key lookups, not a join: without fresh table statistics (a table just filled, or
    // autovacuum off) PostgreSQL planned the join as a nested loop over both tables, 20 s for 18,000 alerts.
    StringBuilder sql = new StringBuilder("select a.*, (").append(FINDING_STATUS).append(") as finding_status,"
            + " (select f.id from findings f where f.id = a.finding_id) as fid, ")
        .append(sort.column()).append(" as sort_value from runtime_alerts a"
            + " where a.cluster_id = ? and a.finding_id is not null");
    List<Object> params = new ArrayList<>(List.of(clusterId));
    status.ifPresent(st -> {
      List<FindingStatus> in = st == AlertStatus.DISMISSED ? List.of(FindingStatus.DISMISSED, FindingStatus.EXEMPTED)
          : List.of(toFindingStatus(st));
      sql.append(" and (").append(FINDING_STATUS).append(") in (").append(String.join(",", java.util.Collections.nCopies(in.size(), "?")))
          .append(')');
      in.forEach(x -> params.add(x.column()));
    });
    KeysetPaging.append(sql, params, page, SORT_COLUMNS, "a.id");
    boolean timestamp = page.sort().equals("lastSeen");
    return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Listed(read(rs),
        timestamp ? Timestamps.read(rs, "sort_value").toString() : Long.toString(rs.getLong("sort_value"))))
        .list();
  }

  /** Alerts of several clusters (suppression rules applied to existing alerts). */
  public List<StoredAlert> open(int limit) {
    return jdbc.sql(SELECT + " where f.status in (?, ?) order by a.last_seen desc fetch first " + limit
            + " rows only")
        .params(FindingStatus.ACTIVE.column(), FindingStatus.IN_PROGRESS.column())
        .query((rs, n) -> read(rs)).list();
  }

  public void insert(Alert a, String findingKey) {
    jdbc.sql("insert into runtime_alerts (id, cluster_id, finding_key, dedup_key, detection_id, title, severity,"
            + " confidence, risk, suppressed_by, namespace, workload, first_seen, last_seen, hits, test, body)"
            + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .params(a.id(), a.cluster(), findingKey, a.dedupKey(), a.detectionId(), a.title(), a.severity().name(),
            a.confidence().name(), a.risk().name(), a.suppressedBy(), a.entity(EntityType.NAMESPACE),
            RuntimeEventStore.clip(a.entity(EntityType.WORKLOAD), 600), Timestamps.bind(a.firstSeen()),
            Timestamps.bind(a.lastSeen()), a.count(), a.test(), body(a))
        .update();
  }

  public void update(Alert a) {
    jdbc.sql("update runtime_alerts set first_seen = ?, last_seen = ?, hits = ?, suppressed_by = ?, body = ?"
            + " where id = ?")
        .params(Timestamps.bind(a.firstSeen()), Timestamps.bind(a.lastSeen()), a.count(), a.suppressedBy(), body(a),
            a.id())
        .update();
  }

  public void linkFinding(String alertId, long findingId) {
    jdbc.sql("update runtime_alerts set finding_id = ? where id = ?").params(findingId, alertId).update();
  }

  /** The id of the runtime finding with this key in a cluster. */
  public Optional<Long> findingId(String clusterId, String findingKey) {
    return jdbc.sql("select id from findings where cluster_id = ? and kind = ? and source = ? and finding_key = ?")
        .params(clusterId, FindingEnums.kind(FindingKind.ALERT), SOURCE, findingKey).query(Long.class).optional();
  }

  private String body(Alert a) {
    String s = json.writeValueAsString(a);
    if (s.length() > 190_000) {
      throw new IllegalStateException("alert " + a.id() + " is too large to store (" + s.length() + " characters)");
    }
    return s;
  }

  private StoredAlert read(ResultSet rs) throws SQLException {
    Alert stored = json.readValue(rs.getString("body"), Alert.class);
    String fs = rs.getString("finding_status");
    FindingStatus status = fs == null ? null : FindingStatus.fromColumn(fs);
    long fid = rs.getLong("fid");
    Long findingId = rs.wasNull() ? null : fid;
    Alert a = stored;
    if (status != null && toAlertStatus(status) != stored.status()) {
      // The findings row decides; the stored body only remembers who changed it last through the alerts pipeline.
      a = new Alert(stored.id(), stored.detectionId(), stored.title(), stored.severity(), stored.confidence(),
          stored.risk(), stored.riskReason(), toAlertStatus(status), stored.statusReason(), stored.statusChangedBy(),
          stored.statusChangedAt(), status == FindingStatus.DISMISSED ? stored.suppressedBy() : "", stored.cluster(),
          stored.firstSeen(), stored.lastSeen(), stored.count(), stored.dedupKey(), stored.entities(),
          stored.evidence(), stored.description(), stored.recommendedSteps(), stored.mitre(), stored.commandLine(),
          stored.details(), stored.test());
    }
    return new StoredAlert(a, findingId, status);
  }

  /** The alert status a finding status stands for (Exempted shows as Dismissed). */
  public static AlertStatus toAlertStatus(FindingStatus s) {
    return switch (s) {
      case IN_PROGRESS -> AlertStatus.IN_PROGRESS;
      case DISMISSED, EXEMPTED -> AlertStatus.DISMISSED;
      case RESOLVED -> AlertStatus.RESOLVED;
      default -> AlertStatus.ACTIVE;
    };
  }

  /** The finding status of an alert status. */
  public static FindingStatus toFindingStatus(AlertStatus s) {
    return switch (s) {
      case ACTIVE -> FindingStatus.ACTIVE;
      case IN_PROGRESS -> FindingStatus.IN_PROGRESS;
      case DISMISSED -> FindingStatus.DISMISSED;
      case RESOLVED -> FindingStatus.RESOLVED;
    };
  }
}
