package dev.kubeward.runtime.siem;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 syslog messages carrying a CEF record:
 * {@code <PRI>1 TIMESTAMP HOSTNAME kubeward - alert [kubeward@32473 id="..." status="..."] CEF:0|...}. Header fields
 * are reduced to printable US-ASCII within their length limits; structured-data values escape {@code "}, {@code \}
 * and {@code ]}. The SD-ID uses 32473, the private enterprise number reserved for documentation (RFC 5612).
 */
public final class SyslogFormatter {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final int facility;
  private final String hostname;
  private final String appName;
  private final String productVersion;

  /**
   * @param facility syslog facility 0-23 (default 10, authpriv: security messages)
   * @param hostname this host's name ("" for the nil value)
   * @param appName application name ({@code kubeward})
   * @param productVersion Kubeward's version, for the CEF header
   */
  public SyslogFormatter(int facility, String hostname, String appName, String productVersion) {
    if (facility < 0 || facility > 23) {
      throw new IllegalArgumentException("syslog facility must be 0-23, not " + facility);
    }
    this.facility = facility;
    this.hostname = headerField(hostname, 255);
    this.appName = headerField(appName, 48);
    this.productVersion = productVersion;
  }

  /** The message for an alert (without transport framing). */
  public String format(Alert a) {
    int pri = facility * 8 + syslogSeverity(a.severity());
    return "<" + pri + ">1 " + TIMESTAMP.format(a.lastSeen()) + " " + hostname + " " + appName + " - alert "
        + "[kubeward@32473 id=\"" + sdValue(a.id()) + "\" detection=\"" + sdValue(a.detectionId())
        + "\" status=\"" + sdValue(a.status().label()) + "\" cluster=\"" + sdValue(a.cluster()) + "\" test=\""
        + a.test() + "\"] " + CefFormatter.format(a, productVersion);
  }

  /** Syslog severity: High 2 (critical), Medium 4 (warning), Low 5 (notice), Informational 6. */
  public static int syslogSeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> 1;
      case HIGH -> 2;
      case MEDIUM -> 4;
      case LOW -> 5;
      default -> 6;
    };
  }

  /** RFC 6587 octet counting: {@code LENGTH SP MESSAGE}, the length in bytes of the UTF-8 message. */
  public static byte[] octetCounted(String message) {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  /** A header field: printable US-ASCII (33-126) only, at most {@code max} characters, "-" when empty. */
  public static String headerField(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(c >= 33 && c <= 126 ? c : '_');
    }
    return sb.toString();
  }

  /** An SD-PARAM value: {@code "}, {@code \} and {@code ]} escaped with a backslash. */
  public static String sdValue(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == ']') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
