package dev.kubeward.server.api;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list endpoint.
 *
 * @param items the items, at most the requested limit
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * Builds a page from rows fetched with {@code limit + 1}: the extra row only says that there is a next page.
   *
   * @param sortValue the sort field's value of an item, as text
   * @param id an item's unique id
   */
  public static <T> Page<T> of(List<T> rowsPlusOne, PageRequest request, Function<T, String> sortValue, Function<T, String> id) {
    if (rowsPlusOne.size() <= request.limit()) {
      return new Page<>(List.copyOf(rowsPlusOne), null);
    }
    List<T> items = List.copyOf(rowsPlusOne.subList(0, request.limit()));
    T last = items.get(items.size() - 1);
    return new Page<>(items, new Cursor(request.sortKey(), sortValue.apply(last), id.apply(last)).encode());
  }

  /** The same page with its items converted (rows to API views). */
  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), nextCursor);
  }
}
