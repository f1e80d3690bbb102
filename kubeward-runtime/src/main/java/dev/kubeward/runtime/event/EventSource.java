package dev.kubeward.runtime.event;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a normalized event came from. The wire name is what detections and the API see. */
public enum EventSource {
  /** The Kubernetes API server's audit log (webhook backend or log file). */
  KUBERNETES_AUDIT("kubernetes-audit"),
  /** Falco's JSON output, posted directly or through falcosidekick. */
  FALCO("falco"),
  /** Tetragon's JSON export. */
  TETRAGON("tetragon"),
  /** Kubeward itself (test alerts). */
  KUBEWARD("kubeward");

  private final String wireName;

  EventSource(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in detections, fixtures and the API ({@code kubernetes-audit}). */
  public String wireName() {
    return wireName;
  }

  /**
   * The source with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static EventSource fromWireName(String name) {
    for (EventSource s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown event source '" + name + "'; expected one of "
        + Arrays.stream(values()).map(EventSource::wireName).collect(Collectors.joining(", ")));
  }
}
