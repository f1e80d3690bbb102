package dev.kubeward.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kubeward.cli.KubewardCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubeward runtime test-alert} against a local HTTP server standing in for Kubeward: the request it sends (path,
 * bearer token, method) and how it reports success and refusal. The server side is tested in the server's
 * {@code RuntimeIngestIT}.
 */
class TestAlertCommandTest {
  HttpServer http;
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile int status = 201;
  volatile String answer = "{\"id\":\"a-1\",\"title\":\"[TEST] Kubeward test alert\",\"severity\":\"Informational\","
      + "\"status\":\"Active\"}";

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
      byte[] b = answer.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  int run(StringWriter out, StringWriter err, String... args) {
    return KubewardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @Test
  void postsToTheClusterWithTheTokenAndPrintsTheAlert() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "runtime", "test-alert", "--cluster", "c-1", "--server", base(), "--token", "kw_abc");
    assertThat(code).as(err.toString()).isZero();
    assertThat(requests).containsExactly("POST /api/v1/clusters/c-1/runtime/test-alert Bearer kw_abc");
    assertThat(out.toString()).contains("Test alert a-1").contains("[TEST]");
  }

  @Test
  void aRefusalIsReportedWithTheServersReason() {
    status = 403;
    answer = "{\"status\":403,\"detail\":\"this action needs the securityAdmin role\"}";
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "runtime", "test-alert", "--cluster", "c-1", "--server", base(), "--token", "kw_abc");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("securityAdmin");
  }
}
