package dev.kubeward.runtime.detection;

import java.util.Locale;

/** How sure a detection is that a match is malicious rather than unusual but benign. */
public enum Confidence {
  HIGH("High"),
  MEDIUM("Medium"),
  LOW("Low");

  private final String label;

  Confidence(String label) {
    this.label = label;
  }

  /** The name shown to users. */
  public String label() {
    return label;
  }

  /**
   * Parses a name case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Confidence parse(String text) {
    if (text != null) {
      for (Confidence c : values()) {
        if (c.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("unknown confidence '" + text + "'; expected High, Medium or Low");
  }
}
