package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.notify.OutboxDispatcher;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Alerts streamed over syslog with TLS (RFC 5425) to Debian's rsyslog with its gtls driver (package
 * {@code rsyslog-gnutls}), started by the test with a server certificate from a throwaway CA that the test makes with
 * the JDK's keytool. The destination that names that CA delivers; the destination that names another CA delivers
 * nothing, and its outbox message says the receiver's certificate is not trusted. Skips visibly without rsyslog or
 * its gtls driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiemSyslogTlsIT {
  static final String PASS = "throwaway";

  @TempDir
  Path dir;

  TestServer server;
  ApiClient securityAdmin;
  String workspace;
  String cluster;
  Process rsyslog;

  @BeforeAll
  void start() {
    server = TestServer.start("--kubeward.notify.backoff-initial=PT0.2S", "--kubeward.notify.backoff-max=PT0.5S",
        "--kubeward.notify.max-attempts=1000");
    securityAdmin = server.tokenWithRole("securityAdmin");
    ApiClient admin = server.admin();
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Siem TLS")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (rsyslog != null) {
      rsyslog.destroy();
      rsyslog.waitFor(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void syslogOverTlsVerifiesTheReceiverAgainstTheConfiguredCa() throws Exception {
    Path rsyslogd = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd")).stream()
        .filter(Files::isExecutable).findFirst().orElse(null);
    boolean gtls = rsyslogd != null && List.of("/usr/lib/x86_64-linux-gnu/rsyslog", "/usr/lib/aarch64-linux-gnu/rsyslog",
        "/usr/lib/rsyslog").stream().anyMatch(d -> Files.exists(Path.of(d, "lmnsd_gtls.so")));
    if (!gtls) {
      String msg = "rsyslogd with its gtls driver not found (apt-get install rsyslog rsyslog-gnutls; .ci/run installs"
          + " them): SiemSyslogTlsIT is SKIPPED";
      System.err.println("[kubeward-test] " + msg);
      Assumptions.abort(msg);
    }
    // A throwaway CA, a server certificate it signs for 127.0.0.1, and an unrelated CA. RSA: GnuTLS 3.7 refuses the
    // JDK's PKCS#8 encoding of EC keys ("ASN1 parser: Element was not found").
    Path ca = keystore("ca", "CN=Kubeward Test Syslog CA", "bc:c");
    Path other = keystore("other", "CN=Some Other CA", "bc:c");
    Path serverKs = keystore("server", "CN=127.0.0.1", null);
    byte[] csr = keytool(null, "-certreq", "-alias", "server", "-keystore", serverKs.toString(), "-storepass", PASS);
    byte[] serverCert = keytool(csr, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS,
        "-ext", "SAN=ip:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", "2", "-rfc");
    String caPem = new String(keytool(null, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass",
        PASS, "-rfc"), StandardCharsets.US_ASCII);
    String otherPem = new String(keytool(null, "-exportcert", "-alias", "other", "-keystore", other.toString(),
        "-storepass", PASS, "-rfc"), StandardCharsets.US_ASCII);
    Path certFile = Files.write(dir.resolve("server.pem"), serverCert);
    Path keyFile = dir.resolve("server-key.pem");
    Files.writeString(keyFile, privateKeyPem(serverKs, "server"));
    Path caFile = Files.writeString(dir.resolve("ca.pem"), caPem);

    int port = freePort();
    Path out = dir.resolve("syslog.out");
    startRsyslog(rsyslogd, port, out, caFile, certFile, keyFile);

    // Refused at creation: a CA that is not a certificate, and a CA on plain TCP.
    assertThat(create("bad", port, true, "not a certificate").status()).isEqualTo(400);
    assertThat(create("plain", port, false, caPem).status()).isEqualTo(400);
    ApiClient.Response good = create("soc syslog tls", port, true, caPem);
    assertThat(good.status()).as(good.toString()).isEqualTo(201);
    assertThat(good.json().get("caSubjects").toString()).contains("Kubeward Test Syslog CA");
    ApiClient.Response wrong = create("wrong ca", port, true, otherPem);
    assertThat(wrong.status()).as(wrong.toString()).isEqualTo(201);
    String wrongId = wrong.json().get("id").asString();

    ApiClient.Response r = securityAdmin.post("/api/v1/clusters/" + cluster + "/runtime/test-alert", Map.of());
    assertThat(r.status()).isEqualTo(201);
    String alertId = r.json().get("id").asString();
    OutboxDispatcher dispatcher = server.running().context().getBean(OutboxDispatcher.class);
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      dispatcher.dispatchDue();
      return Files.exists(out) && Files.readString(out).contains(alertId);
    });
    // rsyslog received it over TLS and parsed it as RFC 5424 with the CEF payload.
    String line = Files.readString(out).lines().filter(l -> l.contains(alertId)).findFirst().orElseThrow();
    assertThat(line).contains("CEF:0|Kubeward");
    assertThat(Files.readString(out).lines().filter(l -> l.contains(alertId)).count())
        .as("one destination delivered, the one with the wrong CA did not").isEqualTo(1);

    // The wrong CA's message stays in the outbox with a clear reason.
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      dispatcher.dispatchDue();
      return wrongError(wrongId) != null;
    });
    assertThat(wrongError(wrongId)).contains("TLS handshake with syslog receiver 127.0.0.1:" + port)
        .contains("not trusted");
  }

  String wrongError(String destinationId) {
    for (JsonNode m : securityAdmin.get("/api/v1/notifications/outbox?state=pending&limit=1000").json()) {
      if (destinationId.equals(m.path("recipient").asString()) && !m.path("lastError").isNull()
          && !m.path("lastError").asString("").isEmpty()) {
        return m.get("lastError").asString();
      }
    }
    return null;
  }

  ApiClient.Response create(String name, int port, boolean tls, String caPem) {
    return securityAdmin.post("/api/v1/workspaces/" + workspace + "/siem-destinations", Map.of("name", name,
        "type", "syslog", "host", "127.0.0.1", "port", port, "tls", tls, "caCertificate", caPem));
  }

  Path keystore(String alias, String dname, String ext) throws Exception {
    Path ks = dir.resolve(alias + ".p12");
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize",
        "2048", "-dname", dname, "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", PASS));
    if (ext != null) {
      args.addAll(List.of("-ext", ext));
    }
    keytool(null, args.toArray(String[]::new));
    return ks;
  }

  byte[] keytool(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "keytool", ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool " + args[0] + ": " + Files.readString(err)).isZero();
    return output;
  }

  /** The private key as unencrypted PKCS#8 PEM, which GnuTLS reads. */
  static String privateKeyPem(Path keystore, String alias) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, PASS.toCharArray());
    }
    Key key = ks.getKey(alias, PASS.toCharArray());
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  void startRsyslog(Path rsyslogd, int port, Path out, Path ca, Path cert, Path key) throws Exception {
    Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
    Path conf = dir.resolve("rsyslog.conf");
    Files.writeString(conf, """
        global(workDirectory="%s" defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="%s"
               defaultNetstreamDriverCertFile="%s" defaultNetstreamDriverKeyFile="%s")
        module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
        input(type="imtcp" port="%d" address="127.0.0.1")
        template(name="raw" type="string" string="%%rawmsg%%\\n")
        *.* action(type="omfile" file="%s" template="raw")
        """.formatted(work, ca, cert, key, port, out));
    Path log = dir.resolve("rsyslog.log");
    rsyslog = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i",
        dir.resolve("rsyslog.pid").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!rsyslog.isAlive()) {
          throw new IllegalStateException("rsyslogd exited: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("rsyslogd did not listen on " + port + ": " + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
