package dev.kubeward.server.findings;

import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.db.KeysetPaging;
import dev.kubeward.server.db.SqlParams;
import dev.kubeward.server.db.Timestamps;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads findings and their history, and writes workflow fields (status, owner, due date, exception, ticket). */
@Repository
public class FindingDao {
  /** Rows fetched per round trip when streaming (exports): bounded memory however many findings match. */
  public static final int STREAM_FETCH_SIZE = 2000;

  private final JdbcClient jdbc;
  private final JdbcTemplate streaming;
  private final dev.kubeward.server.db.SqlDialect dialect;

  public FindingDao(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dialect = dev.kubeward.server.db.SqlDialect.of(dataSource);
    this.streaming = new JdbcTemplate(dataSource);
    this.streaming.setFetchSize(STREAM_FETCH_SIZE);
  }

  /** Within a transaction: plan the long id lists of bulk reads for their values (see {@code SqlDialect}). */
  public void forceCustomPlans() {
    dialect.forceCustomPlans().ifPresent(sql -> jdbc.sql(sql).update());
  }

  public Optional<Finding> find(long id) {
    return jdbc.sql("select " + FindingSql.COLUMNS + FindingSql.FROM + " where f.id = ?").param(id)
        .query(FindingDao::map).optional();
  }

  /** The findings with these ids (those that exist), in no particular order. */
  public List<Finding> byIds(Collection<Long> ids) {
    List<Finding> out = new ArrayList<>();
    List<Long> all = List.copyOf(ids);
    for (int i = 0; i < all.size(); i += 1000) {
      List<Long> chunk = all.subList(i, Math.min(all.size(), i + 1000));
      out.addAll(jdbc.sql("select " + FindingSql.COLUMNS + FindingSql.FROM + " where f.id in ("
              + FindingSql.marks(chunk.size()) + ")")
          .params(new ArrayList<Object>(chunk)).query(FindingDao::map).list());
    }
    return out;
  }

  /** One page plus one row of the findings of some clusters that match a filter. */
  public List<Finding> page(Collection<String> clusterIds, FindingFilter filter, LocalDate today, PageRequest page) {
    StringBuilder sql = new StringBuilder("select " + FindingSql.COLUMNS + FindingSql.FROM);
    List<Object> params = new ArrayList<>();
    FindingSql.where(sql, params, clusterIds, filter, today);
    KeysetPaging.append(sql, params, page, FindingSql.SORT_COLUMNS, "f.id", Long::parseLong);
    return jdbc.sql(sql.toString()).params(params).query(FindingDao::map).list();
  }

  /** Ids of matching findings, at most {@code max + 1} (so the caller can tell "more than max"). */
  public List<Long> idsMatching(Collection<String> clusterIds, FindingFilter filter, LocalDate today, int max) {
    StringBuilder sql = new StringBuilder("select f.id from findings f");
    List<Object> params = new ArrayList<>();
    FindingSql.where(sql, params, clusterIds, filter, today);
    // No ORDER BY: ordering by id would let the planner walk the primary key through every cluster's findings
    // instead of using the filter's index. The caller gets them sorted.
    sql.append(" limit ?");
    params.add(max + 1);
    List<Long> ids = new ArrayList<>(jdbc.sql(sql.toString()).params(params).query(Long.class).list());
    java.util.Collections.sort(ids);
    return ids;
  }

  /**
   * Streams every matching finding, worst first, without holding them in memory. On PostgreSQL the caller must be in a
   * transaction for the fetch size to take effect (the driver streams only with auto-commit off).
   */
  public void stream(Collection<String> clusterIds, FindingFilter filter, LocalDate today, Consumer<Finding> sink) {
    StringBuilder sql = new StringBuilder("select " + FindingSql.COLUMNS + FindingSql.FROM);
    List<Object> params = new ArrayList<>();
    FindingSql.where(sql, params, clusterIds, filter, today);
    sql.append(" order by f.cluster_id, f.kind, f.severity, f.id");
    streaming.query(sql.toString(), rs -> {
      sink.accept(map(rs, 0));
    }, params.toArray());
  }

  /**
   * Ids of findings of some clusters that an exception's scope covers (null fields match anything), with a status among
   * {@code statuses}; or, when {@code exceptionId} is given, the findings pointing at that exception.
   */
  public List<Long> idsInScope(Collection<String> clusterIds, String kind, String namespace, String workload,
      String imageDigest, String packageName, String ruleId, Collection<FindingStatus> statuses) {
    if (clusterIds.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("select id from findings where cluster_id in (")
        .append(FindingSql.marks(clusterIds.size())).append(")");
    List<Object> params = new ArrayList<>(clusterIds);
    String[][] fields = {{"kind", kind}, {"namespace", namespace}, {"resource_name", workload},
        {"image_digest", imageDigest}, {"package_name", packageName}, {"rule_id", ruleId}};
    for (String[] f : fields) {
      if (f[1] != null) {
        sql.append(" and ").append(f[0]).append(" = ?");
        params.add(f[1]);
      }
    }
    sql.append(" and status in (").append(FindingSql.marks(statuses.size())).append(") order by id");
    statuses.forEach(s -> params.add(s.column()));
    return jdbc.sql(sql.toString()).params(params).query(Long.class).list();
  }

  /** Ids of the findings an exception covers or once covered. */
  public List<Long> idsWithException(String exceptionId) {
    return jdbc.sql("select id from findings where exception_id = ? order by id").param(exceptionId)
        .query(Long.class).list();
  }

  /** Distinct rules of matching findings with their title and worst severity (for SARIF's rule list). */
  public List<RuleSummary> rules(Collection<String> clusterIds, FindingFilter filter, LocalDate today) {
    StringBuilder sql = new StringBuilder("select f.rule_id as rule_id, min(f.title) as title, min(f.severity) as severity"
        + " from findings f");
    List<Object> params = new ArrayList<>();
    FindingSql.where(sql, params, clusterIds, filter, today);
    sql.append(" group by f.rule_id order by f.rule_id");
    return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new RuleSummary(rs.getString("rule_id"),
        rs.getString("title"), FindingEnums.severityFromRank(rs.getInt("severity")))).list();
  }

  /** A rule and how it shows up among findings. */
  public record RuleSummary(String ruleId, String title, dev.kubeward.model.Severity severity) {}

  /**
   * Matching findings grouped by rule, worst severity first, then most findings: the "by rule" view of a tab.
   *
   * @param limit most groups returned
   */
  public List<RuleGroup> ruleGroups(Collection<String> clusterIds, FindingFilter filter, LocalDate today, int limit) {
    StringBuilder sql = new StringBuilder("select f.rule_id as rule_id, min(f.title) as title,"
        + " min(f.severity) as severity, count(*) as findings, count(distinct f.namespace || '/' || f.resource_kind"
        + " || '/' || f.resource_name) as resources, count(f.owner) as owned from findings f");
    List<Object> params = new ArrayList<>();
    FindingSql.where(sql, params, clusterIds, filter, today);
    sql.append(" group by f.rule_id order by min(f.severity), count(*) desc, f.rule_id limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new RuleGroup(rs.getString("rule_id"),
        rs.getString("title"), FindingEnums.severityFromRank(rs.getInt("severity")), rs.getLong("findings"),
        rs.getLong("resources"), rs.getLong("owned"))).list();
  }

  /** Findings of one rule: how many, on how many resources, how many have an owner. */
  public record RuleGroup(String ruleId, String title, dev.kubeward.model.Severity severity, long findings,
      long resources, long owned) {}

  /** Workflow fields to write for one finding. */
  public record WorkflowUpdate(long id, FindingStatus status, String owner, LocalDate dueDate, String exceptionId,
      Instant at) {}

  /** Writes workflow fields of many findings in one batch. */
  public void updateWorkflow(List<WorkflowUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    List<Object[]> args = new ArrayList<>(updates.size());
    for (WorkflowUpdate u : updates) {
      args.add(new Object[] {u.status().column(), SqlParams.varchar(u.owner()), SqlParams.date(u.dueDate()),
          SqlParams.varchar(u.exceptionId()), Timestamps.bind(u.at()), u.id()});
    }
    streaming.batchUpdate(
        "update findings set status = ?, owner = ?, due_date = ?, exception_id = ?, updated_at = ? where id = ?", args);
  }

  /** Stores the ServiceNow incident opened for a finding. */
  public void setTicket(long id, String number, String sysId, String url) {
    jdbc.sql("update findings set ticket_number = ?, ticket_sys_id = ?, ticket_url = ? where id = ?")
        .params(number, sysId, url, id).update();
  }

  public void insertHistory(List<FindingChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<Object[]> args = new ArrayList<>(changes.size());
    for (FindingChange c : changes) {
      args.add(new Object[] {c.findingId(), Timestamps.bind(c.at()), c.actor(), c.field(), SqlParams.varchar(c.oldValue()),
          SqlParams.varchar(c.newValue()), c.comment()});
    }
    streaming.batchUpdate("insert into finding_history (finding_id, at, actor, field, old_value, new_value, comment)"
        + " values (?, ?, ?, ?, ?, ?, ?)", args);
  }

  /** A finding's history, oldest first. */
  public List<FindingChange> history(long findingId) {
    return jdbc.sql("select finding_id, at, actor, field, old_value, new_value, comment from finding_history"
            + " where finding_id = ? order by id")
        .param(findingId)
        .query((rs, n) -> new FindingChange(rs.getLong("finding_id"), Timestamps.read(rs, "at"), rs.getString("actor"),
            rs.getString("field"), rs.getString("old_value"), rs.getString("new_value"), rs.getString("comment")))
        .list();
  }

  /**
   * A row of {@link FindingSql#COLUMNS}, read by position: an export maps millions of rows, and a lookup by name is a
   * case-insensitive map lookup per column and row in the driver.
   */
  static Finding map(ResultSet rs, int row) throws SQLException {
    Date due = rs.getDate(25);
    return new Finding(
        rs.getLong(1),
        rs.getString(2),
        FindingEnums.kindFromColumn(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        FindingEnums.severityFromRank(rs.getInt(10)),
        FindingEnums.riskFromRank(rs.getInt(11)),
        FindingStatus.fromColumn(rs.getString(12)),
        rs.getBoolean(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18),
        rs.getString(19),
        rs.getString(20),
        rs.getString(21),
        rs.getString(22),
        rs.getString(23),
        rs.getString(24),
        due == null ? null : due.toLocalDate(),
        rs.getString(26),
        rs.getString(27),
        rs.getString(28),
        rs.getString(29),
        Timestamps.read(rs, 30),
        Timestamps.read(rs, 32),
        Timestamps.read(rs, 31));
  }
}
