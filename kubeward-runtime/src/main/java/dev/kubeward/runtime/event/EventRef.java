package dev.kubeward.runtime.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A reference to an event kept as evidence: enough to list it and to find the original.
 *
 * @param id the event's id
 * @param source its sensor
 * @param kind its kind
 * @param time when it happened
 * @param raw where the original is
 * @param summary one line for people ("alice create pods/exec shop/web-1", "/usr/bin/curl http://x (pid 12)")
 */
public record EventRef(String id, EventSource source, EventKind kind, Instant time, RawRef raw, String summary) {
  public EventRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    summary = summary == null ? "" : summary;
  }

  /** The reference for an event, with a generated summary. */
  public static EventRef of(RuntimeEvent e) {
    return new EventRef(e.id(), e.source(), e.kind(), e.time(), e.raw(), summarize(e));
  }

  /** One line describing the event. */
  public static String summarize(RuntimeEvent e) {
    StringBuilder sb = new StringBuilder();
    switch (e.kind()) {
      case API_REQUEST -> {
        ApiRequest a = e.api();
        sb.append(e.user().name().isEmpty() ? "?" : e.user().name()).append(' ').append(a.verb()).append(' ');
        sb.append(a.resource().isEmpty() ? a.requestUri() : a.resourcePath());
        if (!a.name().isEmpty() || !a.namespace().isEmpty()) {
          sb.append(' ').append(a.namespace().isEmpty() ? a.name() : a.namespace() + "/" + a.name());
        }
        if (a.responseCode() > 0) {
          sb.append(" (").append(a.responseCode()).append(')');
        }
      }
      case NETWORK_CONNECT, NETWORK_CLOSE, NETWORK_LISTEN -> {
        NetworkPeer n = e.network();
        sb.append(processText(e.process())).append(' ').append(e.kind().wireName()).append(' ');
        sb.append(n.destinationIp().isEmpty() ? n.sourceIp() + ":" + n.sourcePort()
            : n.destinationIp() + ":" + n.destinationPort());
      }
      case FILE_ACCESS -> sb.append(processText(e.process())).append(' ').append(e.file().operation()).append(' ')
          .append(e.file().path());
      case SYSCALL -> sb.append(processText(e.process())).append(' ').append(e.syscall())
          .append(e.file().path().isEmpty() ? "" : " " + e.file().path());
      case SENSOR_ALERT -> sb.append(e.sensor().rule()).append(": ").append(e.sensor().output());
      case TEST -> sb.append(e.sensor().output());
      default -> sb.append(processText(e.process())).append(e.process().isEmpty() ? e.kind().wireName() : "");
    }
    if (!e.pod().isEmpty()) {
      sb.append(" in ").append(e.namespace()).append('/').append(e.pod());
    }
    String s = sb.toString().strip();
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }

  private static String processText(ProcessInfo p) {
    if (p.isEmpty()) {
      return "";
    }
    return p.commandLine() + (p.pid() >= 0 ? " (pid " + p.pid() + ")" : "");
  }
}
