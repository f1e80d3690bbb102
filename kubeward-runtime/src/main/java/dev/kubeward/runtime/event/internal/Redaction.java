package dev.kubeward.runtime.event.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of stored events: Secret and ConfigMap values and token fields are replaced by a marker that
 * still tells detections what kind of value was there ({@code <redacted:private-key>}), never the value itself.
 */
public final class Redaction {
  /** Marker for a value of no recognisable kind. */
  public static final String REDACTED = "<redacted>";

  private static final Set<String> DATA_FIELDS = Set.of("data", "stringData", "binaryData");
  private static final Set<String> TOKEN_FIELDS = Set.of("token", "bearerToken", "password");
  private static final Pattern AWS_KEY = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.");
  private static final int MAX_DECODE = 64 * 1024;

  private Redaction() {}

  /**
   * A copy of an API object with data values (for Secrets and ConfigMaps, {@code dataObject} true) and token fields
   * replaced by markers. Lists (SecretList) are handled item by item.
   */
  public static Map<String, Object> redact(Map<String, Object> object, boolean dataObject) {
    return redactMap(object, dataObject, 0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> redactMap(Map<String, Object> in, boolean dataObject, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : in.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (dataObject && depth <= 2 && DATA_FIELDS.contains(key) && v instanceof Map<?, ?> data) {
        Map<String, Object> masked = new LinkedHashMap<>();
        boolean base64 = key.equals("data");
        for (Map.Entry<?, ?> d : data.entrySet()) {
          masked.put(String.valueOf(d.getKey()), classify(d.getValue(), base64));
        }
        out.put(key, masked);
      } else if (TOKEN_FIELDS.contains(key) && v instanceof String s && !s.isEmpty()) {
        out.put(key, classify(s, false));
      } else if (v instanceof Map<?, ?> m) {
        out.put(key, redactMap((Map<String, Object>) m, dataObject, depth + 1));
      } else if (v instanceof List<?> l) {
        out.put(key, redactList((List<Object>) l, dataObject, depth + 1));
      } else {
        out.put(key, v);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> redactList(List<Object> in, boolean dataObject, int depth) {
    // Items of a list (SecretList.items[i]) are objects in their own right: their data sits at depth 0 again.
    return in.stream().map(o -> o instanceof Map<?, ?> m
        ? (Object) redactMap((Map<String, Object>) m, dataObject, 0)
        : o).toList();
  }

  /**
   * The marker for one value: what kind of credential it looks like, never its content. Secret data is base64, but
   * ConfigMap data under the same key name is plain text, so both readings are tried.
   */
  static String classify(Object value, boolean maybeBase64) {
    if (!(value instanceof String s) || s.isEmpty()) {
      return REDACTED;
    }
    String kind = kindOf(s);
    if (kind == null && maybeBase64 && s.length() <= MAX_DECODE) {
      try {
        kind = kindOf(new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notBase64) {
        kind = null;
      }
    }
    return kind == null ? REDACTED : "<redacted:" + kind + ">";
  }

  private static String kindOf(String text) {
    String t = text.length() > MAX_DECODE ? text.substring(0, MAX_DECODE) : text;
    if (t.contains("-----BEGIN") && t.contains("PRIVATE KEY")) {
      return "private-key";
    }
    if (AWS_KEY.matcher(t).find()) {
      return "aws-access-key";
    }
    if (JWT.matcher(t).find()) {
      return "jwt";
    }
    return null;
  }
}
