package dev.kubeward.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A finding's priority in its environment, as set by the risk engine (severity adjusted by exposure, privileges and
 * exploitability). Declared from most to least urgent.
 */
public enum RiskLevel {
  CRITICAL("Critical"),
  HIGH("High"),
  MEDIUM("Medium"),
  LOW("Low");

  private final String label;

  RiskLevel(String label) {
    this.label = label;
  }

  /** The name shown to users ("Critical"). */
  public String label() {
    return label;
  }

  /**
   * Parses a user-supplied name case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RiskLevel parse(String text) {
    if (text != null) {
      String wanted = text.trim().toUpperCase(Locale.ROOT);
      for (RiskLevel r : values()) {
        if (r.name().equals(wanted)) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown risk level '" + text + "'; expected one of "
            + Arrays.stream(values()).map(RiskLevel::label).collect(Collectors.joining(", ")));
  }
}
