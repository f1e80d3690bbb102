package dev.kubeward.inventory.internal;

import java.util.List;
import java.util.Map;

/** Kubernetes label selector semantics (matchLabels, matchExpressions, and plain Service selectors). */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** True when a plain selector map (a Service's) selects these labels; an empty selector selects nothing. */
  public static boolean plainSelects(Map<String, ?> selector, Map<String, ?> labels) {
    if (selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, ?> e : selector.entrySet()) {
      if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  /** True when a LabelSelector ({@code matchLabels}, {@code matchExpressions}) selects these labels; empty selects all. */
  public static boolean selects(Map<String, Object> selector, Map<String, ?> labels) {
    for (Map.Entry<String, Object> e : ObjectTrees.map(selector, "matchLabels").entrySet()) {
      if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
        return false;
      }
    }
    for (Object expr : ObjectTrees.list(selector, "matchExpressions")) {
      String key = ObjectTrees.text(expr, "key");
      String op = ObjectTrees.text(expr, "operator");
      List<Object> values = ObjectTrees.list(expr, "values");
      Object actual = labels.get(key);
      boolean ok = switch (op) {
        case "In" -> actual != null && values.contains(String.valueOf(actual));
        case "NotIn" -> actual == null || !values.contains(String.valueOf(actual));
        case "Exists" -> actual != null;
        case "DoesNotExist" -> actual == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
