package dev.kubeward.runtime.drift;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}); every part must hold. An empty
 * selector matches everything.
 *
 * @param matchLabels labels that must have exactly these values
 * @param matchExpressions further requirements
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** Matches every pod. */
  public static final LabelSelector ANY = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
  }

  /** True when the selector places no constraint. */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** True when the labels satisfy every part of the selector. */
  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * One {@code matchExpressions} entry.
   *
   * @param key label key
   * @param operator {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}
   * @param values values for In and NotIn
   */
  public record Requirement(String key, String operator, List<String> values) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = values == null ? List.of() : List.copyOf(values);
      if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(operator)) {
        throw new IllegalArgumentException("unknown label selector operator '" + operator
            + "'; expected In, NotIn, Exists or DoesNotExist");
      }
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        default -> v == null;
      };
    }
  }
}
