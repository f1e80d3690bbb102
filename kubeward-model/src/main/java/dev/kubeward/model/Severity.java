package dev.kubeward.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How bad a finding is on its own, before any context. Misconfigurations use High/Medium/Low, alerts add
 * Informational, vulnerabilities add Critical and Unknown (an advisory without a usable score).
 *
 * <p>Declared from most to least severe, so {@link #compareTo} orders "worse first" and {@link #atLeast} reads naturally.
 */
public enum Severity {
  CRITICAL("Critical"),
  HIGH("High"),
  MEDIUM("Medium"),
  LOW("Low"),
  INFORMATIONAL("Informational"),
  UNKNOWN("Unknown");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The name shown to users ("High"). */
  public String label() {
    return label;
  }

  /** True when this severity is the same as or worse than {@code threshold}; Unknown is never at least anything. */
  public boolean atLeast(Severity threshold) {
    if (this == UNKNOWN) {
      return threshold == UNKNOWN;
    }
    return threshold != UNKNOWN && ordinal() <= threshold.ordinal();
  }

  /**
   * Parses a user-supplied name case-insensitively ("high", "HIGH", "High").
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Severity parse(String text) {
    if (text != null) {
      String wanted = text.trim().toUpperCase(Locale.ROOT);
      for (Severity s : values()) {
        if (s.name().equals(wanted)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "'; expected one of "
            + Arrays.stream(values()).map(Severity::label).collect(Collectors.joining(", ")));
  }
}
