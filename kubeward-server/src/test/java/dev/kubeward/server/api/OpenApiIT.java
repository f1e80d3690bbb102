package dev.kubeward.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.OpenApiResponseValidator;
import dev.kubeward.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document at /api/openapi.json describes what the server really answers. */
class OpenApiIT {
  static TestServer server;
  static ApiClient admin;
  static OpenApiResponseValidator validator;
  static JsonNode document;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.tokenWithRole("admin");
    Response doc = admin.get("/api/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    document = doc.json();
    validator = new OpenApiResponseValidator(document);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  void check(String pathTemplate, String method, Response r) {
    assertThat(validator.problems(pathTemplate, method, r.status(), r.json()))
        .as(method + " " + pathTemplate + " -> " + r).isEmpty();
  }

  @Test
  void theDocumentIsOpenApi31AndDescribesEveryEndpoint() {
    assertThat(document.get("openapi").asString()).startsWith("3.1");
    assertThat(document.get("info").get("title").asString()).isEqualTo("Kubeward API");
    assertThat(document.get("paths").propertyNames()).contains(
        "/api/v1/workspaces", "/api/v1/workspaces/{id}", "/api/v1/workspaces/{workspaceId}/clusters",
        "/api/v1/clusters", "/api/v1/clusters/{id}", "/api/v1/clusters/{id}/settings",
        "/api/v1/clusters/{id}/settings/effective", "/api/v1/workspaces/{id}/settings", "/api/v1/settings/definitions",
        "/api/v1/me", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/tokens", "/api/v1/tokens/{id}");
  }

  @Test
  void realResponsesMatchTheDocumentedSchemas() {
    Response ws = admin.post("/api/v1/workspaces", Map.of("name", "Documented", "description", "d"));
    check("/api/v1/workspaces", "post", ws);
    String wsId = ws.json().get("id").asString();
    Response cluster = admin.post("/api/v1/workspaces/" + wsId + "/clusters", Map.of("name", "prod"));
    check("/api/v1/workspaces/{workspaceId}/clusters", "post", cluster);
    String clusterId = cluster.json().get("id").asString();
    admin.patch("/api/v1/workspaces/" + wsId + "/settings", Map.of("values", Map.of("protection.sensor", false)));

    check("/api/v1/workspaces", "get", admin.get("/api/v1/workspaces"));
    check("/api/v1/workspaces/{id}", "get", admin.get("/api/v1/workspaces/" + wsId));
    check("/api/v1/clusters", "get", admin.get("/api/v1/clusters"));
    check("/api/v1/clusters/{id}", "get", admin.get("/api/v1/clusters/" + clusterId));
    check("/api/v1/workspaces/{id}/settings", "get", admin.get("/api/v1/workspaces/" + wsId + "/settings"));
    check("/api/v1/clusters/{id}/settings/effective", "get",
        admin.get("/api/v1/clusters/" + clusterId + "/settings/effective"));
    check("/api/v1/settings/definitions", "get", admin.get("/api/v1/settings/definitions"));
    check("/api/v1/me", "get", admin.get("/api/v1/me"));
    check("/api/v1/users", "get", admin.get("/api/v1/users"));
    Response token = admin.post("/api/v1/tokens", Map.of("name", "doc", "kind", "api", "role", "reader"));
    check("/api/v1/tokens", "post", token);
    check("/api/v1/tokens", "get", admin.get("/api/v1/tokens"));
  }

  @Test
  void aResponseWithAnUndocumentedFieldIsCaught() {
    // Guards the check above: the validator must reject what the document does not describe.
    JsonNode me = admin.get("/api/v1/me").json();
    ((tools.jackson.databind.node.ObjectNode) me).put("secretField", "x");
    assertThat(validator.problems("/api/v1/me", "get", 200, me)).isNotEmpty();
  }
}
