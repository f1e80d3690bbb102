package dev.kubeward.posture.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patch (RFC 7386) on plain maps: maps merge recursively, null removes a key, anything else replaces. */
public final class MergePatch {
  private MergePatch() {}

  /** Merges {@code patch} into {@code target} in place. */
  @SuppressWarnings("unchecked")
  public static void apply(Map<String, Object> target, Map<String, ?> patch) {
    for (Map.Entry<String, ?> e : patch.entrySet()) {
      Object value = e.getValue();
      if (value == null) {
        target.remove(e.getKey());
      } else if (value instanceof Map<?, ?> pm) {
        Object existing = target.get(e.getKey());
        Map<String, Object> child = existing instanceof Map<?, ?> em ? (Map<String, Object>) em : new LinkedHashMap<>();
        if (!(existing instanceof Map)) {
          target.put(e.getKey(), child);
        }
        apply(child, (Map<String, ?>) pm);
      } else {
        target.put(e.getKey(), value);
      }
    }
  }
}
