package dev.kubeward.runtime.siem;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a TLS receiver's certificate must chain to, given as PEM: a syslog destination with its
 * own CA trusts that CA only (not the JVM's public ones), so a receiver with a certificate from anywhere else is
 * refused at the handshake. Certificates are public: the PEM may be stored and shown.
 */
public final class TrustedCa {
  /** PEM text past this length is refused (a CA bundle of a few certificates fits easily). */
  public static final int MAX_PEM_CHARS = 6000;

  private final List<X509Certificate> certificates;

  private TrustedCa(List<X509Certificate> certificates) {
    this.certificates = certificates;
  }

  /**
   * Reads one or more PEM certificates.
   *
   * @throws IllegalArgumentException naming what is wrong: empty, too long, not PEM certificates, not a CA
   */
  public static TrustedCa parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("the CA certificate is empty");
    }
    if (pem.length() > MAX_PEM_CHARS) {
      throw new IllegalArgumentException("the CA certificate has " + pem.length() + " characters; at most "
          + MAX_PEM_CHARS + " are accepted");
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("the CA certificate must be PEM (-----BEGIN CERTIFICATE-----)");
    }
    Collection<? extends Certificate> read;
    try {
      read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the CA certificate could not be read: " + e.getMessage());
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : read) {
      if (c instanceof X509Certificate x) {
        out.add(x);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the CA certificate holds no X.509 certificate");
    }
    return new TrustedCa(List.copyOf(out));
  }

  /** The subjects of the certificates, for display. */
  public List<String> subjects() {
    return certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
  }

  /** A TLS context that trusts these certificates and nothing else. */
  public SSLContext sslContext() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("no TLS context could be made for the CA: " + e.getMessage(), e);
    }
  }
}
