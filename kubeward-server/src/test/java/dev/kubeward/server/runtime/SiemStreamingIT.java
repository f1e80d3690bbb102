package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubeward.runtime.siem.WebhookMessage;
import dev.kubeward.server.notify.OutboxDispatcher;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts streamed to real receivers through the persistent outbox: a local HTTP server (signed JSON) and Debian's
 * rsyslog started by the test (RFC 5424 + CEF over TCP). Both receivers start only after the alert was raised, so the
 * test shows that a destination that is down receives the alert once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiemStreamingIT {
  @TempDir
  Path dir;

  TestServer server;
  ApiClient securityAdmin;
  ApiClient sensor;
  String workspace;
  String cluster;
  final List<Process> processes = new CopyOnWriteArrayList<>();
  HttpServer http;

  @BeforeAll
  void start() {
    server = TestServer.start("--kubeward.notify.backoff-initial=PT0.2S", "--kubeward.notify.backoff-max=PT0.5S",
        "--kubeward.notify.max-attempts=1000");
    securityAdmin = server.tokenWithRole("securityAdmin");
    ApiClient admin = server.admin();
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Siem")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
    sensor = ApiClient.token(server.baseUrl(), admin.post("/api/v1/tokens", Map.of("name", "s", "kind", "ingestion",
        "clusterId", cluster)).json().get("secret").asString());
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (http != null) {
      http.stop(0);
    }
    for (Process p : processes) {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  void dispatch() {
    server.running().context().getBean(OutboxDispatcher.class).dispatchDue();
  }

  @Test
  void webhookAndSyslogReceiveAlertsAfterBeingDown() throws Exception {
    int httpPort = freePort();
    int syslogPort = freePort();
    Path secretFile = dir.resolve("hmac");
    Files.writeString(secretFile, "s3cret-hmac-key\n");

    ApiClient.Response literal = securityAdmin.post("/api/v1/workspaces/" + workspace + "/siem-destinations",
        Map.of("name", "bad", "type", "webhook", "url", "http://127.0.0.1:" + httpPort + "/hook",
            "secretRef", "s3cret-hmac-key"));
    assertThat(literal.status()).isEqualTo(400);
    ApiClient.Response hook = securityAdmin.post("/api/v1/workspaces/" + workspace + "/siem-destinations",
        Map.of("name", "soc webhook", "type", "webhook", "url", "http://127.0.0.1:" + httpPort + "/hook",
            "secretRef", "file:" + secretFile));
    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
    assertThat(hook.body()).doesNotContain("s3cret-hmac-key");
    ApiClient.Response syslog = securityAdmin.post("/api/v1/workspaces/" + workspace + "/siem-destinations",
        Map.of("name", "soc syslog", "type", "syslog", "host", "127.0.0.1", "port", syslogPort, "tls", false));
    assertThat(syslog.status()).as(syslog.toString()).isEqualTo(201);
    assertThat(server.tokenWithRole("reader").get("/api/v1/workspaces/" + workspace + "/siem-destinations").json()
        .size()).isEqualTo(2);

    // Raise an alert while both receivers are down: deliveries fail and stay in the outbox.
    ApiClient.Response r = securityAdmin.post("/api/v1/clusters/" + cluster + "/runtime/test-alert", Map.of());
    assertThat(r.status()).isEqualTo(201);
    String alertId = r.json().get("id").asString();
    dispatch();
    Thread.sleep(300);
    dispatch();

    // Receivers come up.
    List<String[]> received = new CopyOnWriteArrayList<>();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
    http.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new String[] {new String(body, StandardCharsets.UTF_8),
          ex.getRequestHeaders().getFirst(WebhookMessage.SIGNATURE_HEADER),
          ex.getRequestHeaders().getFirst(WebhookMessage.TIMESTAMP_HEADER)});
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    http.start();
    Path syslogOut = dir.resolve("syslog.out");
    startRsyslog(syslogPort, syslogOut);

    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      dispatch();
      return !received.isEmpty() && Files.exists(syslogOut) && Files.readString(syslogOut).contains(alertId);
    });
    String[] first = received.get(0);
    assertThat(first[0]).contains(alertId).contains("alert.created");
    assertThat(WebhookMessage.verify("s3cret-hmac-key".getBytes(StandardCharsets.UTF_8), first[2],
        first[0].getBytes(StandardCharsets.UTF_8), first[1])).isTrue();
    assertThat(Files.readString(syslogOut)).contains("CEF:0|Kubeward");

    // A status change is a changed alert: it is streamed too.
    securityAdmin.post("/api/v1/runtime/alerts/status", Map.of("alertIds", List.of(alertId), "status",
        "Resolved", "comment", "routing checked"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      dispatch();
      return received.stream().anyMatch(x -> x[0].contains("alert.updated") && x[0].contains("Resolved"));
    });
  }

  void startRsyslog(int port, Path out) throws Exception {
    Path rsyslogd = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd")).stream()
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (rsyslogd == null) {
      String msg = "rsyslogd not found (apt-get install rsyslog): the syslog part of SiemStreamingIT is SKIPPED";
      System.err.println("[kubeward-test] " + msg);
      Assumptions.abort(msg);
    }
    Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
    Path conf = dir.resolve("rsyslog.conf");
    Files.writeString(conf, """
        global(workDirectory="%s")
        module(load="imtcp")
        input(type="imtcp" port="%d" address="127.0.0.1")
        template(name="raw" type="string" string="%%rawmsg%%\\n")
        *.* action(type="omfile" file="%s" template="raw")
        """.formatted(work, port, out));
    Process p = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", conf.toString(), "-i",
        dir.resolve("rsyslog.pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslog.log").toFile()).start();
    processes.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslog.log")));
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
}
