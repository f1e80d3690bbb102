package dev.kubeward.server.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server speaking the shape of ServiceNow's Table API for incidents: query by correlation_id, create,
 * and update by sys_id, with basic auth. It can lose the answer to a create (the incident exists, the caller sees a
 * 502), as a flaky proxy would.
 */
final class FakeServiceNow implements AutoCloseable {
  record Request(String method, String path, String authorization, Map<String, Object> body) {}

  final int port;
  final String expectedAuthorization;
  final List<Request> requests = new ArrayList<>();
  final Map<String, Map<String, Object>> incidents = new LinkedHashMap<>();
  volatile boolean loseNextCreateAnswer;
  private final JsonMapper json = JsonMapper.builder().build();
  private HttpServer server;

  FakeServiceNow(int port, String expectedAuthorization) {
    this.port = port;
    this.expectedAuthorization = expectedAuthorization;
  }

  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/api/now/table/incident", this::handle);
    server.start();
  }

  @SuppressWarnings("unchecked")
  private synchronized void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, Object> parsed = body.isEmpty() ? Map.of() : json.readValue(body, Map.class);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), auth, parsed));
    if (!expectedAuthorization.equals(auth)) {
      reply(ex, 401, Map.of("error", Map.of("message", "User Not Authenticated")));
      return;
    }
    String path = ex.getRequestURI().getPath();
    switch (ex.getRequestMethod()) {
      case "GET" -> {
        String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        String correlation = query.replaceAll(".*sysparm_query=correlation_id=([^&]*).*", "$1");
        List<Map<String, Object>> found = incidents.values().stream()
            .filter(i -> correlation.equals(i.get("correlation_id")))
            .map(i -> Map.<String, Object>of("sys_id", i.get("sys_id"), "number", i.get("number"))).toList();
        reply(ex, 200, Map.of("result", found));
      }
      case "POST" -> {
        Map<String, Object> incident = new LinkedHashMap<>(parsed);
        incident.put("sys_id", UUID.randomUUID().toString().replace("-", ""));
        incident.put("number", String.format("INC%07d", 10001 + incidents.size()));
        incident.put("state", "1");
        incidents.put((String) incident.get("sys_id"), incident);
        if (loseNextCreateAnswer) {
          loseNextCreateAnswer = false;
          reply(ex, 502, Map.of("error", "bad gateway"));
        } else {
          reply(ex, 201, Map.of("result", incident));
        }
      }
      case "PATCH" -> {
        String sysId = path.substring(path.lastIndexOf('/') + 1);
        Map<String, Object> incident = incidents.get(sysId);
        if (incident == null) {
          reply(ex, 404, Map.of("error", Map.of("message", "No Record found")));
        } else {
          incident.putAll(parsed);
          reply(ex, 200, Map.of("result", incident));
        }
      }
      default -> reply(ex, 405, Map.of());
    }
  }

  private void reply(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
