package dev.kubeward.runtime.siem;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.event.EntityType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ArcSight Common Event Format (CEF:0) for alerts:
 * {@code CEF:0|Kubeward|Kubeward|VERSION|DETECTION|TITLE|SEVERITY|key=value ...}. Header fields escape {@code \} and
 * {@code |}; extension values escape {@code \}, {@code =} and line breaks ({@code \n}, {@code \r}), as the format
 * requires, so no alert text can forge fields.
 */
public final class CefFormatter {
  private static final int MAX_MESSAGE = 1023;

  private CefFormatter() {}

  /** The CEF record for an alert. */
  public static String format(Alert a, String productVersion) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("CEF:0|Kubeward|Kubeward|").append(escapeHeader(productVersion)).append('|')
        .append(escapeHeader(a.detectionId())).append('|')
        .append(escapeHeader(a.test() ? "[TEST] " + stripTestPrefix(a.title()) : a.title())).append('|')
        .append(severity(a.severity())).append('|');
    Map<String, String> ext = new LinkedHashMap<>();
    ext.put("rt", Long.toString(a.lastSeen().toEpochMilli()));
    ext.put("start", Long.toString(a.firstSeen().toEpochMilli()));
    ext.put("end", Long.toString(a.lastSeen().toEpochMilli()));
    ext.put("cnt", Long.toString(a.count()));
    ext.put("externalId", a.id());
    ext.put("cat", a.mitre().tactic());
    ext.put("act", a.status().label());
    put(ext, "suser", a.entity(EntityType.USER));
    put(ext, "dproc", a.entity(EntityType.PROCESS));
    put(ext, "fname", a.entity(EntityType.FILE));
    put(ext, "dst", a.entity(EntityType.REMOTE_ADDRESS));
    put(ext, "dhost", a.entity(EntityType.NODE));
    ext.put("cs1Label", "cluster");
    ext.put("cs1", a.cluster());
    ext.put("cs2Label", "namespace");
    ext.put("cs2", a.entity(EntityType.NAMESPACE));
    ext.put("cs3Label", "workload");
    ext.put("cs3", a.entity(EntityType.WORKLOAD));
    ext.put("cs4Label", "image");
    ext.put("cs4", a.entity(EntityType.IMAGE));
    ext.put("cs5Label", "mitreTechnique");
    ext.put("cs5", a.mitre().unmapped() ? "" : a.mitre().techniqueId() + " " + a.mitre().technique());
    ext.put("cs6Label", "risk");
    ext.put("cs6", a.risk().label());
    String msg = a.description();
    ext.put("msg", msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) : msg);
    boolean first = true;
    for (Map.Entry<String, String> e : ext.entrySet()) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      sb.append(e.getKey()).append('=').append(escapeExtension(e.getValue()));
    }
    return sb.toString();
  }

  /** CEF severity 0-10: High 8, Medium 5, Low 3, Informational 1. */
  public static int severity(Severity s) {
    return switch (s) {
      case CRITICAL -> 10;
      case HIGH -> 8;
      case MEDIUM -> 5;
      case LOW -> 3;
      default -> 1;
    };
  }

  /** Escapes a header field: backslash and pipe; line breaks become spaces (headers cannot hold them). */
  public static String escapeHeader(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '|' -> sb.append("\\|");
        case '\n', '\r' -> sb.append(' ');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Escapes an extension value: backslash, equals sign, and line breaks as {@code \n} / {@code \r}. */
  public static String escapeExtension(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '=' -> sb.append("\\=");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void put(Map<String, String> ext, String key, String value) {
    if (!value.isEmpty()) {
      ext.put(key, value);
    }
  }

  private static String stripTestPrefix(String title) {
    return title.startsWith("[TEST] ") ? title.substring(7) : title;
  }
}
