package dev.kubeward.server.api;

import java.util.List;
import java.util.Optional;

/**
 * A list request: at most {@code limit} items after the position in {@code cursor}, in the order {@code sort}.
 *
 * @param limit items per page, 1..{@link #MAX_LIMIT}
 * @param cursor where the previous page ended, empty for the first page
 * @param sort the field to sort by, validated against the endpoint's sortable fields
 * @param descending sort direction
 */
public record PageRequest(int limit, Optional<Cursor> cursor, String sort, boolean descending) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /**
   * Validates the raw query parameters of a list endpoint.
   *
   * @param sortable the fields this endpoint sorts by; the first is the default
   * @throws ApiException 400 naming the bad parameter
   */
  public static PageRequest of(Integer limit, String cursor, String sort, List<String> sortable) {
    int l = limit == null ? DEFAULT_LIMIT : limit;
    if (l < 1 || l > MAX_LIMIT) {
      throw ApiException.badRequest("'limit' must be between 1 and " + MAX_LIMIT + ", was " + l);
    }
    String field = sortable.get(0);
    boolean desc = false;
    if (sort != null && !sort.isBlank()) {
      desc = sort.startsWith("-");
      field = desc ? sort.substring(1) : sort;
      if (!sortable.contains(field)) {
        throw ApiException.badRequest("cannot sort by '" + field + "'; sortable fields: " + String.join(", ", sortable));
      }
    }
    Optional<Cursor> c = cursor == null || cursor.isBlank() ? Optional.empty() : Optional.of(Cursor.decode(cursor));
    String sortKey = (desc ? "-" : "") + field;
    if (c.isPresent() && !c.get().sort().equals(sortKey)) {
      throw ApiException.badRequest("'cursor' belongs to a listing sorted by '" + c.get().sort() + "', not '" + sortKey + "'");
    }
    return new PageRequest(l, c, field, desc);
  }

  /** The sort as written in a cursor: {@code name} or {@code -name}. */
  public String sortKey() {
    return (descending ? "-" : "") + sort;
  }
}
