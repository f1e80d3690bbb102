package dev.kubeward.runtime.siem;

import static dev.kubeward.runtime.TestEvents.alert;
import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.runtime.alert.Alert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sender against a real receiver: Debian's rsyslog started by the test on a free loopback port (TCP), and
 * a JDK TLS server for RFC 5425. rsyslog parses each message as RFC 5424 and writes its fields, which shows the
 * format and the framing are right.
 */
class SyslogSenderIT {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  final List<Process> started = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopReceivers() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static Path rsyslogd() {
    for (String candidate : List.of("/usr/sbin/rsyslogd", "/sbin/rsyslogd")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    String msg = "rsyslogd not found (apt-get install rsyslog; .ci/run installs it); skipping";
    System.err.println(msg);
    Assumptions.assumeTrue(false, msg);
    return null;
  }

  Process startRsyslog(int port, Path out, String tag) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work-" + tag));
    Path conf = dir.resolve("rsyslog-" + tag + ".conf");
    Files.writeString(conf, """
        global(workDirectory="%s")
        module(load="imtcp")
        input(type="imtcp" port="%d" address="127.0.0.1")
        template(name="fields" type="string"
          string="pri=%%pri%% app=%%app-name%% msgid=%%msgid%% sd=%%structured-data%% msg=%%msg%%\\n")
        *.* action(type="omfile" file="%s" template="fields")
        """.formatted(work, port, out));
    Process p = new ProcessBuilder(rsyslogd().toString(), "-n", "-f", conf.toString(), "-i",
        dir.resolve("rsyslog-" + tag + ".pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslog-" + tag + ".log").toFile()).start();
    started.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslog-" + tag + ".log")));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("rsyslogd did not listen on " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static List<String> awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        lines = Files.readAllLines(file);
        if (lines.size() >= count) {
          return lines;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + count + " lines in " + file + ", got " + lines);
  }

  static Alert alertNamed(String id) {
    return alert(id, "proc-network-scanner", exec("e-" + id, "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap",
        "-p 1-1000 \"x=y\" ] \\ 10.0.0.0/24", T0));
  }

  @Test
  void rsyslogReceivesParsesAndSurvivesARestart() throws Exception {
    int port = freePort();
    Path out = dir.resolve("alerts.log");
    Process first = startRsyslog(port, out, "1");
    SyslogFormatter formatter = new SyslogFormatter(10, "kubeward-test", "kubeward", "0.1.0");
    try (SyslogSender sender = new SyslogSender(new SyslogSender.Destination("127.0.0.1", port, false, null,
        Duration.ofSeconds(5)))) {
      sender.send(formatter.format(alertNamed("al-1")));
      List<String> lines = awaitLines(out, 1);
      // Facility 10 (authpriv) * 8 + severity 4 (Medium) = 84.
      assertThat(lines.get(0)).startsWith("pri=84 app=kubeward msgid=alert sd=[kubeward@32473 id=\"al-1\"")
          .contains("msg=CEF:0|Kubeward|Kubeward|0.1.0|proc-network-scanner|Network scanner run in a container|5|")
          .contains("cs3=shop/Deployment/web");

      first.destroy();
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      startRsyslog(port, out, "2");
      sender.send(formatter.format(alertNamed("al-2")));
      List<String> after = awaitLines(out, 2);
      assertThat(after.get(1)).contains("id=\"al-2\"");
      assertThat(sender.connects()).isEqualTo(2);
    }
  }

  @Test
  void receiverDownIsARetryableFailure() throws Exception {
    int port = freePort();
    try (SyslogSender sender = new SyslogSender(new SyslogSender.Destination("127.0.0.1", port, false, null,
        Duration.ofSeconds(2)))) {
      assertThatThrownBy(() -> sender.send("<14>1 - - - - - - hello")).isInstanceOf(DeliveryException.class)
          .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isTrue())
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void tlsDeliveryUsesOctetCountingAndVerifiesTheReceiver() throws Exception {
    TestTls tls = TestTls.create(dir);
    List<String> received = new CopyOnWriteArrayList<>();
    try (SSLServerSocket server = (SSLServerSocket) tls.server.getServerSocketFactory().createServerSocket(0)) {
      Thread t = new Thread(() -> {
        try (Socket s = server.accept();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
          while (true) {
            StringBuilder len = new StringBuilder();
            int c;
            while ((c = r.read()) != ' ') {
              if (c < 0) {
                return;
              }
              len.append((char) c);
            }
            char[] buf = new char[Integer.parseInt(len.toString())];
            int off = 0;
            while (off < buf.length) {
              off += r.read(buf, off, buf.length - off);
            }
            received.add(new String(buf));
          }
        } catch (IOException ignored) {
          // The test ends the connection.
        }
      });
      t.start();
      SyslogFormatter formatter = new SyslogFormatter(10, "kubeward-test", "kubeward", "0.1.0");
      try (SyslogSender sender = new SyslogSender(new SyslogSender.Destination("127.0.0.1", server.getLocalPort(), true,
          tls.client, Duration.ofSeconds(5)))) {
        sender.send(formatter.format(alertNamed("al-1")));
        sender.send(formatter.format(alertNamed("al-2")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
      assertThat(received).hasSize(2);
      assertThat(received.get(0)).startsWith("<84>1 ").contains("id=\"al-1\"");
      assertThat(received.get(1)).contains("id=\"al-2\"");
    }
    // A client that does not trust the receiver's certificate refuses to send.
    try (SSLServerSocket server = (SSLServerSocket) tls.server.getServerSocketFactory().createServerSocket(0);
        SyslogSender untrusting = new SyslogSender(new SyslogSender.Destination("127.0.0.1", server.getLocalPort(), true,
            null, Duration.ofSeconds(5)))) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = server.accept()) {
          s.getInputStream().read();
        } catch (IOException expected) {
          // Handshake fails on the client side.
        }
      });
      acceptor.start();
      assertThatThrownBy(() -> untrusting.send("<14>1 - - - - - - hello")).isInstanceOf(DeliveryException.class);
    }
  }
}
