package dev.kubeward.runtime.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Reading a syslog destination's CA: a real certificate is read; empty, oversized, non-PEM and broken input is refused clearly. */
class TrustedCaTest {
  static String testCa() throws IOException {
    try (InputStream in = TrustedCaTest.class.getResourceAsStream("/siem/test-ca.pem")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void readsAPemCertificateAndMakesAContextTrustingIt() throws IOException {
    TrustedCa ca = TrustedCa.parse(testCa());
    assertThat(ca.subjects()).containsExactly("CN=Test CA");
    SSLContext ctx = ca.sslContext();
    assertThat(ctx.getSocketFactory()).isNotNull();
    // Two certificates in one PEM (a bundle) are both trusted.
    assertThat(TrustedCa.parse(testCa() + testCa()).subjects()).hasSize(2);
  }

  @Test
  void refusesWhatIsNotACertificate() throws IOException {
    assertThatThrownBy(() -> TrustedCa.parse(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> TrustedCa.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> TrustedCa.parse("not a certificate")).hasMessageContaining("must be PEM");
    assertThatThrownBy(() -> TrustedCa.parse("-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not be read");
    String pem = testCa();
    String truncated = pem.substring(0, pem.length() / 2) + "\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> TrustedCa.parse(truncated)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrustedCa.parse(pem.repeat(10))).hasMessageContaining("at most " + TrustedCa.MAX_PEM_CHARS);
    assertThatThrownBy(() -> TrustedCa.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .hasMessageContaining("must be PEM");
  }
}
