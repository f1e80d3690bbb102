package dev.kubeward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what, checked over HTTP against a running server. */
class AuthorizationIT {
  static TestServer server;
  static String workspaceId;
  static String clusterId;
  static String otherClusterId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    ApiClient admin = server.admin();
    workspaceId = admin.post("/api/v1/workspaces", Map.of("name", "Shop")).json().get("id").asString();
    clusterId = admin.post("/api/v1/workspaces/" + workspaceId + "/clusters", Map.of("name", "prod")).json().get("id").asString();
    otherClusterId = admin.post("/api/v1/workspaces/" + workspaceId + "/clusters", Map.of("name", "dev")).json().get("id").asString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anonymousCallsAreRefusedWith401AndAProblem() {
    Response r = server.anonymous().get("/api/v1/workspaces");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
    assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
    assertThat(r.detail()).startsWith("authentication required");
    // No session is opened for a refused API call.
    assertThat(r.header("set-cookie")).doesNotContain("JSESSIONID");
  }

  @Test
  void unknownTokensAre401NotAFallbackToAnonymous() {
    Response r = ApiClient.token(server.baseUrl(), "kw_not-a-real-token").get("/api/v1/workspaces");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("the token is unknown, revoked or expired");
  }

  @Test
  void aReaderReadsButIsRefusedAdminActionsWith403() {
    ApiClient reader = server.tokenWithRole("reader");
    assertThat(reader.get("/api/v1/workspaces").status()).isEqualTo(200);
    assertThat(reader.get("/api/v1/clusters/" + clusterId + "/settings/effective").status()).isEqualTo(200);

    Response users = reader.get("/api/v1/users");
    assertThat(users.status()).isEqualTo(403);
    assertThat(users.detail()).isEqualTo("this action needs the admin role");
    assertThat(reader.post("/api/v1/workspaces", Map.of("name", "x")).status()).isEqualTo(403);
    assertThat(reader.patch("/api/v1/clusters/" + clusterId + "/settings",
        Map.of("values", Map.of("protection.sensor", false))).status()).isEqualTo(403);
  }

  @Test
  void eachRoleGetsExactlyItsPermissions() {
    ApiClient contributor = server.tokenWithRole("contributor");
    ApiClient securityAdmin = server.tokenWithRole("securityAdmin");
    ApiClient admin = server.tokenWithRole("admin");
    Map<String, Object> change = Map.of("values", Map.of("protection.policyAgent", false));

    assertThat(contributor.patch("/api/v1/clusters/" + clusterId + "/settings", change).status()).isEqualTo(403);
    assertThat(securityAdmin.patch("/api/v1/clusters/" + clusterId + "/settings", change).status()).isEqualTo(200);
    assertThat(securityAdmin.get("/api/v1/tokens").status()).isEqualTo(403);
    assertThat(admin.get("/api/v1/tokens").status()).isEqualTo(200);
    assertThat(admin.get("/api/v1/users").status()).isEqualTo(200);

    assertThat(contributor.get("/api/v1/me").json().get("mayDo").toString())
        .contains("assignOwner").doesNotContain("changeAlertStatus");
    assertThat(securityAdmin.get("/api/v1/me").json().get("mayDo").toString())
        .contains("changeAlertStatus").doesNotContain("manageUsers");
  }

  @Test
  void aClusterScopedTokenReachesOnlyItsCluster() {
    Response created = server.admin().post("/api/v1/tokens",
        Map.of("name", "prod-only", "kind", "api", "role", "securityAdmin", "clusterId", clusterId));
    ApiClient scoped = ApiClient.token(server.baseUrl(), created.json().get("secret").asString());

    assertThat(scoped.get("/api/v1/clusters/" + clusterId).status()).isEqualTo(200);
    Response other = scoped.get("/api/v1/clusters/" + otherClusterId);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.detail()).isEqualTo("this token is scoped to another cluster");
    assertThat(scoped.get("/api/v1/clusters").json().get("items")).hasSize(1);
    assertThat(scoped.patch("/api/v1/workspaces/" + workspaceId + "/settings",
        Map.of("values", Map.of("protection.sensor", true))).status()).isEqualTo(403);
  }

  @Test
  void ingestionTokensMayNotReadTheApiAndRevokedTokensStopAtOnce() {
    Response created = server.admin().post("/api/v1/tokens",
        Map.of("name", "falco", "kind", "ingestion", "clusterId", clusterId));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("secret").asString()).startsWith("kw_");
    ApiClient sensor = ApiClient.token(server.baseUrl(), created.json().get("secret").asString());
    assertThat(sensor.get("/api/v1/workspaces").status()).isEqualTo(403);

    ApiClient reader = server.tokenWithRole("reader");
    String readerTokenId = server.admin().get("/api/v1/tokens").json().valueStream()
        .filter(t -> t.get("name").asString().startsWith("test-reader")).reduce((a, b) -> b).orElseThrow().get("id").asString();
    // The listing never shows a secret, only a hint.
    assertThat(server.admin().get("/api/v1/tokens").body()).doesNotContain(created.json().get("secret").asString());
    assertThat(server.admin().delete("/api/v1/tokens/" + readerTokenId).status()).isEqualTo(204);
    assertThat(reader.get("/api/v1/workspaces").status()).isEqualTo(401);
  }

  @Test
  void browserSessionsNeedTheCsrfTokenToChangeAnything() {
    ApiClient session = server.sessionWithRole("securityAdmin");
    assertThat(session.get("/api/v1/me").json().get("authentication").asString()).isEqualTo("session");

    Response refused = session.withoutCsrf().post("/api/v1/workspaces", Map.of("name", "Via session"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.detail()).contains("CSRF");
    assertThat(session.post("/api/v1/workspaces", Map.of("name", "Via session")).status()).isEqualTo(201);
  }

  @Test
  void wrongPasswordsAreRefusedWithoutSayingWhichPartWasWrong() {
    Response r = server.anonymous().login("admin", "wrong-password");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.detail()).isEqualTo("wrong username or password");
    assertThat(server.anonymous().login("nobody", "wrong-password").detail()).isEqualTo("wrong username or password");
  }

  @Test
  void disabledUsersCannotSignIn() {
    server.admin().post("/api/v1/users", Map.of("username", "leaver", "password", "a-long-password-1", "role", "reader"));
    String id = server.admin().get("/api/v1/users").json().valueStream()
        .filter(u -> u.get("username").asString().equals("leaver")).findFirst().orElseThrow().get("id").asString();
    assertThat(server.admin().put("/api/v1/users/" + id, Map.of("role", "reader", "enabled", false)).status()).isEqualTo(200);
    assertThat(server.anonymous().login("leaver", "a-long-password-1").status()).isEqualTo(401);
  }

  @Test
  void theLastAdminCannotBeDemoted() {
    String adminId = server.admin().get("/api/v1/users").json().valueStream()
        .filter(u -> u.get("username").asString().equals("admin")).findFirst().orElseThrow().get("id").asString();
    Response r = server.admin().put("/api/v1/users/" + adminId, Map.of("role", "reader", "enabled", true));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).isEqualTo("cannot remove the last enabled admin");
  }

  @Test
  void actuatorShowsHealthOnlyAndResponsesCarrySecurityHeaders() {
    ApiClient anon = server.anonymous();
    Response health = anon.get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");
    assertThat(anon.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(anon.get("/actuator/env").status()).isIn(401, 404);
    assertThat(server.admin().get("/actuator/env").status()).isEqualTo(404);
    assertThat(server.admin().get("/actuator/beans").status()).isEqualTo(404);

    Response page = anon.get("/login");
    assertThat(page.header("content-security-policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.header("x-frame-options")).isEqualTo("DENY");
    assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
  }

  @Test
  void theOpenApiDocumentNeedsAuthentication() {
    assertThat(server.anonymous().get("/api/openapi.json").status()).isEqualTo(401);
    assertThat(server.tokenWithRole("reader").get("/api/openapi.json").status()).isEqualTo(200);
  }
}
