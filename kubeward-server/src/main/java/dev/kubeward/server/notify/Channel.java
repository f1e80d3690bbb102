package dev.kubeward.server.notify;

import java.util.Locale;

/** Where a notification goes. */
public enum Channel {
  EMAIL,
  SERVICENOW,
  WEBHOOK,
  /** Runtime alerts streamed to a workspace's SIEM destination (recipient: the destination id). */
  SIEM;

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Channel fromColumn(String v) {
    return valueOf(v.toUpperCase(Locale.ROOT));
  }
}
