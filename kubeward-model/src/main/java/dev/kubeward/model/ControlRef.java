package dev.kubeward.model;

import java.util.Objects;

/**
 * Names one control of one standard, written {@code standard:control} (e.g. {@code pss-baseline:privileged-containers})
 * in scan output and in the API.
 */
public record ControlRef(String standardId, String controlId) implements Comparable<ControlRef> {
  public ControlRef {
    Objects.requireNonNull(standardId, "standardId");
    Objects.requireNonNull(controlId, "controlId");
  }

  /**
   * Parses {@code standard:control}.
   *
   * @throws IllegalArgumentException when the text has no ':' or an empty part
   */
  public static ControlRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("control reference '" + text + "' is not of the form standard:control");
    }
    return new ControlRef(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public int compareTo(ControlRef o) {
    int c = standardId.compareTo(o.standardId);
    return c != 0 ? c : controlId.compareTo(o.controlId);
  }

  @Override
  public String toString() {
    return standardId + ":" + controlId;
  }
}
