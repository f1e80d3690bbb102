package dev.kubeward.runtime.event;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What happened, independent of the sensor that saw it. Detections select events by kind before any CEL runs. */
public enum EventKind {
  /** A request to the Kubernetes API (one audit event). */
  API_REQUEST("api-request"),
  /** A process started (execve). */
  PROCESS_START("process-start"),
  /** A process ended. */
  PROCESS_EXIT("process-exit"),
  /** An outbound connection. */
  NETWORK_CONNECT("network-connect"),
  /** A socket started listening. */
  NETWORK_LISTEN("network-listen"),
  /** A connection closed. */
  NETWORK_CLOSE("network-close"),
  /** A file was opened, read, written, renamed or deleted. */
  FILE_ACCESS("file-access"),
  /** Another system call or kernel function the sensor traced (mount, setns, init_module, ...). */
  SYSCALL("syscall"),
  /** A sensor's own rule fired (a Falco alert whose syscall we do not map to a more specific kind). */
  SENSOR_ALERT("sensor-alert"),
  /** A sensor reports on itself (rate limiting, throttling): health, not activity. */
  SENSOR_STATUS("sensor-status"),
  /** A harmless event made on request to check alert routing end to end. */
  TEST("test");

  private final String wireName;

  EventKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in detections and the API ({@code process-start}). */
  public String wireName() {
    return wireName;
  }

  /**
   * The kind with this wire name.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static EventKind fromWireName(String name) {
    for (EventKind k : values()) {
      if (k.wireName.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown event kind '" + name + "'; expected one of "
        + Arrays.stream(values()).map(EventKind::wireName).collect(Collectors.joining(", ")));
  }
}
