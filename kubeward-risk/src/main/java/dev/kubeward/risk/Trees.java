package dev.kubeward.risk;

import java.util.List;
import java.util.Map;

/** Null-safe reads from the generic object trees of Kubernetes objects. */
final class Trees {
  private Trees() {}

  static Object at(Object tree, String... path) {
    Object current = tree;
    for (String p : path) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(p);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object tree, String... path) {
    return at(tree, path) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object tree, String... path) {
    return at(tree, path) instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static String text(Object tree, String... path) {
    Object v = at(tree, path);
    return v == null || v instanceof Map || v instanceof List ? "" : String.valueOf(v);
  }

  static boolean isTrue(Object tree, String... path) {
    Object v = at(tree, path);
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  static boolean isFalse(Object tree, String... path) {
    Object v = at(tree, path);
    return Boolean.FALSE.equals(v) || "false".equals(v);
  }
}
