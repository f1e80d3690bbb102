package dev.kubeward.server.db;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.PageRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Appends keyset paging to a query: rows after the cursor's (sort value, id), ordered, limited to one page plus one
 * row. Keyset paging costs the same on page 1 and page 10,000, unlike OFFSET.
 */
public final class KeysetPaging {
  private KeysetPaging() {}

  /** A sortable API field: its column and how a cursor's text value is bound back to that column's type. */
  public record SortColumn(String column, Function<String, Object> bind) {
    /** A text column. */
    public static SortColumn text(String column) {
      return new SortColumn(column, v -> v);
    }

    /** A timestamp column whose cursor value is an ISO-8601 instant. */
    public static SortColumn timestamp(String column) {
      return new SortColumn(column, v -> {
        try {
          return Timestamps.bind(Instant.parse(v));
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
        }
      });
    }

    /** A numeric column. */
    public static SortColumn number(String column) {
      return new SortColumn(column, v -> {
        try {
          return Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
        }
      });
    }
  }

  /**
   * Appends {@code and (col > ? or (col = ? and id > ?)) order by col, id limit ?} (or the descending form).
   *
   * @param sql a query ending in a {@code where} clause, so that {@code and ...} can follow
   * @param columns the API's sortable fields mapped to their columns
   */
  public static void append(StringBuilder sql, List<Object> params, PageRequest page, Map<String, SortColumn> columns,
      String idColumn) {
    append(sql, params, page, columns, idColumn, id -> id);
  }

  /**
   * As {@link #append(StringBuilder, List, PageRequest, Map, String)}, for a table whose id column is not text: the
   * cursor's id is bound through {@code bindId} (e.g. {@code Long::parseLong} for a bigint id).
   */
  public static void append(StringBuilder sql, List<Object> params, PageRequest page, Map<String, SortColumn> columns,
      String idColumn, Function<String, Object> bindId) {
    SortColumn sort = columns.get(page.sort());
    if (sort == null) {
      throw new IllegalArgumentException("no column for sort field " + page.sort());
    }
    String col = sort.column();
    String dir = page.descending() ? "desc" : "asc";
    String cmp = page.descending() ? "<" : ">";
    page.cursor().ifPresent(c -> {
      Object v = sort.bind().apply(c.value());
      sql.append(" and (").append(col).append(' ').append(cmp).append(" ? or (").append(col).append(" = ? and ")
          .append(idColumn).append(' ').append(cmp).append(" ?))");
      params.add(v);
      params.add(v);
      Object id;
      try {
        id = bindId.apply(c.id());
      } catch (RuntimeException e) {
        throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
      }
      params.add(id);
    });
    sql.append(" order by ").append(col).append(' ').append(dir).append(", ").append(idColumn).append(' ').append(dir)
        .append(" limit ?");
    params.add(page.limit() + 1);
  }
}
