package dev.kubeward.runtime.detection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a detection decides. */
public enum DetectionKind {
  /** One event matching the condition is enough. */
  EVENT,
  /** At least {@code count} matching events with the same key within a window. */
  THRESHOLD,
  /** Steps matching in order, on the same key, within a window. */
  SEQUENCE,
  /** A value (a process, a user) never seen before in its scope, once the scope has been learned. */
  FIRST_SEEN,
  /** A process whose executable is not in the container's image, unless a drift policy allows it. */
  DRIFT;

  /** The name used in detection files ({@code first-seen}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The kind with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static DetectionKind fromWireName(String name) {
    for (DetectionKind k : values()) {
      if (k.wireName().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown detection kind '" + name + "'; expected one of "
        + Arrays.stream(values()).map(DetectionKind::wireName).collect(Collectors.joining(", ")));
  }
}
