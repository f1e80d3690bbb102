package dev.kubeward.server.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a page ended: the sort it belongs to, the last item's sort value and its id (the tie-breaker). Opaque to
 * callers (base64url); keyset paging over it stays fast however deep the caller pages.
 */
public record Cursor(String sort, String value, String id) {

  /** The cursor as the opaque text returned in {@code nextCursor}. */
  public String encode() {
    String raw = "s=" + enc(sort) + "&v=" + enc(value) + "&i=" + enc(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor sent back by a caller.
   *
   * @throws ApiException 400 when the text is not a cursor this server made
   */
  public static Cursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      Map<String, String> parts = new LinkedHashMap<>();
      for (String p : raw.split("&", -1)) {
        int eq = p.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException();
        }
        parts.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      }
      if (!parts.keySet().equals(java.util.Set.of("s", "v", "i"))) {
        throw new IllegalArgumentException();
      }
      return new Cursor(parts.get("s"), parts.get("v"), parts.get("i"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
