package dev.kubeward.server.findings;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.KeysetPaging.SortColumn;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns a {@link FindingFilter} into SQL conditions, the one place every list, bulk selection and export shares. */
public final class FindingSql {
  private FindingSql() {}

  /**
   * Columns of {@code findings} read into a {@link Finding}, qualified with {@code f.}; read by position in
   * {@code FindingDao.map}, so keep the two in step.
   */
  static final String COLUMNS = """
      f.id, f.cluster_id, f.kind, f.source, f.finding_key, f.rule_id, f.standard_id, f.title, f.details, f.severity,
      f.risk, f.status, f.present, f.namespace, f.resource_kind, f.resource_name, f.container, f.image, f.image_digest,
      f.package_name, f.package_version, f.fixed_version, f.attributes, f.owner, f.due_date, f.exception_id,
      f.ticket_number, f.ticket_sys_id, f.ticket_url, f.first_seen, f.updated_at,
      case when f.present and s.last_full_report_at is not null then s.last_full_report_at else f.last_seen end
        as effective_last_seen""";

  /** The FROM clause matching {@link #COLUMNS}. */
  static final String FROM = " from findings f left join finding_sources s"
      + " on s.cluster_id = f.cluster_id and s.kind = f.kind and s.source = f.source";

  /** The API's sort fields; the first is the default ("worst first"). */
  public static final List<String> SORTABLE = List.of("severity", "risk", "dueDate", "firstSeen", "updatedAt", "title");

  /** Sort fields and their columns, for keyset paging. */
  static final Map<String, SortColumn> SORT_COLUMNS = Map.of(
      "severity", SortColumn.number("f.severity"),
      "risk", SortColumn.number("f.risk"),
      "dueDate", new SortColumn("coalesce(f.due_date, date '9999-12-31')", FindingSql::bindDate),
      "firstSeen", SortColumn.timestamp("f.first_seen"),
      "updatedAt", SortColumn.timestamp("f.updated_at"),
      "title", SortColumn.text("f.title"));

  /** The text of a sort field's value in a cursor. */
  static String sortValue(String sort, Finding f) {
    return switch (sort) {
      case "severity" -> String.valueOf(f.severity().ordinal());
      case "risk" -> String.valueOf(FindingEnums.riskRank(f.risk()));
      case "dueDate" -> f.dueDate() == null ? "9999-12-31" : f.dueDate().toString();
      case "firstSeen" -> f.firstSeen().toString();
      case "updatedAt" -> f.updatedAt().toString();
      case "title" -> f.title();
      default -> throw new IllegalArgumentException(sort);
    };
  }

  private static Object bindDate(String v) {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
    }
  }

  /**
   * Appends {@code where ...} for the clusters and the filter.
   *
   * @param today the day "overdue" is measured against
   */
  static void where(StringBuilder sql, List<Object> params, Collection<String> clusterIds, FindingFilter f,
      LocalDate today) {
    sql.append(" where ");
    if (clusterIds.isEmpty()) {
      sql.append("1 = 0");
      return;
    }
    if (clusterIds.size() == 1) {
      sql.append("f.cluster_id = ?");
    } else {
      sql.append("f.cluster_id in (").append(marks(clusterIds.size())).append(')');
    }
    params.addAll(clusterIds);
    f.kind().ifPresent(k -> {
      sql.append(" and f.kind = ?");
      params.add(FindingEnums.kind(k));
    });
    if (!f.severities().isEmpty()) {
      sql.append(" and f.severity in (").append(marks(f.severities().size())).append(')');
      f.severities().stream().map(Severity::ordinal).sorted().forEach(params::add);
    }
    if (!f.risks().isEmpty()) {
      sql.append(" and f.risk in (").append(marks(f.risks().size())).append(')');
      f.risks().stream().map(RiskLevel::ordinal).sorted().forEach(params::add);
    }
    if (!f.statuses().isEmpty()) {
      sql.append(" and f.status in (").append(marks(f.statuses().size())).append(')');
      f.statuses().stream().map(FindingStatus::column).sorted().forEach(params::add);
    }
    f.owner().ifPresent(o -> {
      sql.append(" and f.owner = ?");
      params.add(Owners.normalize(o));
    });
    f.namespace().ifPresent(n -> {
      sql.append(" and f.namespace = ?");
      params.add(n);
    });
    f.workload().ifPresent(w -> {
      sql.append(" and f.resource_name = ?");
      params.add(w);
    });
    f.image().ifPresent(i -> {
      sql.append(" and (f.image = ? or f.image_digest = ?)");
      params.add(i);
      params.add(i);
    });
    f.rule().ifPresent(r -> {
      sql.append(" and f.rule_id = ?");
      params.add(r);
    });
    f.source().ifPresent(s -> {
      sql.append(" and f.source = ?");
      params.add(s);
    });
    f.dueBefore().ifPresent(d -> {
      sql.append(" and f.due_date < ?");
      params.add(d);
    });
    f.dueAfter().ifPresent(d -> {
      sql.append(" and f.due_date >= ?");
      params.add(d);
    });
    f.overdue().ifPresent(o -> {
      if (o) {
        sql.append(" and f.due_date < ? and f.status in (").append(unresolvedList()).append(')');
      } else {
        sql.append(" and (f.due_date is null or f.due_date >= ? or f.status not in (").append(unresolvedList()).append("))");
      }
      params.add(today);
    });
  }

  /** {@code 'open', 'in_progress', 'active'}: literal list of the unresolved statuses. */
  static String unresolvedList() {
    return FindingStatus.UNRESOLVED.stream().map(s -> "'" + s.column() + "'").sorted().collect(Collectors.joining(", "));
  }

  static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
