package dev.kubeward.runtime.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an alert is in its workflow. */
public enum AlertStatus {
  ACTIVE("Active"),
  IN_PROGRESS("In progress"),
  DISMISSED("Dismissed"),
  RESOLVED("Resolved");

  private final String label;

  AlertStatus(String label) {
    this.label = label;
  }

  /** The name shown to users ("In progress"). */
  public String label() {
    return label;
  }

  /** Active or in progress: someone should look at it. */
  public boolean open() {
    return this == ACTIVE || this == IN_PROGRESS;
  }

  /**
   * Parses "Active", "in progress", "IN_PROGRESS" or "in-progress".
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static AlertStatus parse(String text) {
    if (text != null) {
      String t = text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
      for (AlertStatus s : values()) {
        if (s.name().equals(t)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown alert status '" + text + "'; expected one of "
        + Arrays.stream(values()).map(AlertStatus::label).collect(Collectors.joining(", ")));
  }
}
