package dev.kubeward.runtime.siem;

import static dev.kubeward.runtime.TestEvents.alert;
import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook sender against a local HTTP and HTTPS server that checks the signature the way a receiver would. */
class WebhookSenderIT {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final byte[] SECRET = "whsec-test".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  static WebhookMessage message() {
    return WebhookMessage.of("alert.created", "d-1", alert("al-1", "proc-network-scanner",
        exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)), T0, SECRET);
  }

  @Test
  void signedDeliveryOverHttpsIsVerifiedByTheReceiver() throws Exception {
    TestTls tls = TestTls.create(dir);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.server));
    List<String> verified = new CopyOnWriteArrayList<>();
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String ts = exchange.getRequestHeaders().getFirst(WebhookMessage.TIMESTAMP_HEADER);
      String sig = exchange.getRequestHeaders().getFirst(WebhookMessage.SIGNATURE_HEADER);
      boolean ok = WebhookMessage.verify(SECRET, ts, body, sig)
          && "alert.created".equals(exchange.getRequestHeaders().getFirst("X-Kubeward-Event"));
      if (ok) {
        verified.add(new String(body, StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(ok ? 204 : 401, -1);
      exchange.close();
    });
    server.start();
    try {
      WebhookSender sender = WebhookSender.create(Duration.ofSeconds(5), tls.client);
      URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      assertThat(sender.send(url, message(), Duration.ofSeconds(10))).isEqualTo(204);
      assertThat(verified).singleElement().asString().contains("\"id\":\"al-1\"");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void receiverAnswersDecideWhetherToRetry() throws Exception {
    AtomicInteger status = new AtomicInteger(500);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    WebhookSender sender = WebhookSender.create(Duration.ofSeconds(5), null);
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    try {
      assertThatThrownBy(() -> sender.send(url, message(), Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
      status.set(429);
      assertThatThrownBy(() -> sender.send(url, message(), Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
      status.set(400);
      assertThatThrownBy(() -> sender.send(url, message(), Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
      status.set(200);
      assertThat(sender.send(url, message(), Duration.ofSeconds(5))).isEqualTo(200);
    } finally {
      server.stop(0);
    }
    assertThatThrownBy(() -> sender.send(url, message(), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }
}
