package dev.kubeward.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx problem that names the problem — never a 500, never a stack trace. */
class ApiConventionsIT {
  static TestServer server;
  static ApiClient admin;
  static String workspaceId;

  @BeforeAll
  static void start() {
    server = TestServer.start("--kubeward.api.max-body-bytes=4096");
    admin = server.tokenWithRole("admin");
    workspaceId = admin.post("/api/v1/workspaces", Map.of("name", "Conventions")).json().get("id").asString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertProblem(Response r, int status, String detail) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
    assertThat(r.detail()).isEqualTo(detail);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.kubeward").doesNotContain("tools.jackson")
        .doesNotContain("java.lang");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON            | {"name": "x",                   | malformed JSON (line 1, column 14)
      unknown field             | {"name": "x", "nmae": "y"}      | unknown field 'nmae' (line 1, column 27)
      wrong type                | {"name": ["x"]}                 | field 'name' has the wrong type; expected a string
      missing field             | {"description": "no name"}      | invalid request: 'name' must not be blank
      blank field               | {"name": "  "}                  | invalid request: 'name' must not be blank
      not an object             | [1, 2]                          | request body has the wrong shape; expected an object
      """)
  void malformedBodiesAreRefusedWithTheReason(String label, String body, String detail) {
    assertProblem(admin.sendRaw("POST", "/api/v1/workspaces", body, "application/json"), 400, detail);
  }

  @Test
  void emptyBodiesAndWrongMediaTypesAreNamed() {
    assertProblem(admin.sendRaw("POST", "/api/v1/workspaces", "", "application/json"), 400, "request body is missing");
    Response r = admin.sendRaw("POST", "/api/v1/workspaces", "name=x", "text/plain");
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
  }

  @Test
  void unknownEnumValuesListTheAcceptedOnes() {
    assertProblem(admin.post("/api/v1/users", Map.of("username", "eve", "password", "long-enough-password", "role", "root")),
        400, "unknown role 'root'; expected one of reader, contributor, securityAdmin, admin");
    assertProblem(admin.post("/api/v1/tokens", Map.of("name", "t", "kind", "robot")), 400,
        "unknown token kind 'robot'; expected api or ingestion");
  }

  @Test
  void settingsWithUnknownKeysOrWrongTypesChangeNothing() {
    String path = "/api/v1/workspaces/" + workspaceId + "/settings";
    assertProblem(admin.put(path, Map.of("values", Map.of("protection.sensr", true))), 400,
        "unknown setting 'protection.sensr'; GET /api/v1/settings/definitions lists them");
    assertProblem(admin.put(path, Map.of("values", Map.of("protection.sensor", "off"))), 400,
        "setting 'protection.sensor' expects true or false, got 'off'");
    assertThat(admin.get(path).json().get("values").size()).isZero();
  }

  @Test
  void bodiesOverTheLimitAre413WhetherDeclaredOrNot() {
    String big = "{\"name\": \"" + "x".repeat(5000) + "\"}";
    assertProblem(admin.post("/api/v1/workspaces", big), 413, "request body is larger than the limit of 4096 bytes");
  }

  @Test
  void idsThatDoNotExistAre404() {
    assertProblem(admin.get("/api/v1/workspaces/nope"), 404, "workspace 'nope' not found");
    assertProblem(admin.get("/api/v1/clusters/nope/settings/effective"), 404, "cluster 'nope' not found");
    assertProblem(admin.delete("/api/v1/tokens/nope"), 404, "token 'nope' not found");
    assertProblem(admin.post("/api/v1/workspaces/nope/clusters", Map.of("name", "x")), 404, "workspace 'nope' not found");
    assertThat(admin.get("/api/v1/no-such-endpoint").status()).isEqualTo(404);
  }

  @Test
  void pagingParametersAreChecked() {
    assertProblem(admin.get("/api/v1/workspaces?limit=0"), 400, "'limit' must be between 1 and 500, was 0");
    assertProblem(admin.get("/api/v1/workspaces?limit=abc"), 400, "parameter 'limit' has an invalid value 'abc'");
    assertProblem(admin.get("/api/v1/workspaces?sort=password"), 400, "cannot sort by 'password'; sortable fields: name, createdAt");
    assertProblem(admin.get("/api/v1/workspaces?cursor=%25%25%25"), 400, "'cursor' is not a cursor returned by this API");
    String nameCursor = new Cursor("name", "a", "b").encode();
    assertProblem(admin.get("/api/v1/workspaces?sort=-createdAt&cursor=" + nameCursor), 400,
        "'cursor' belongs to a listing sorted by 'name', not '-createdAt'");
  }

  @Test
  void clusterNamesMustBeDnsLabelsAndNamesUnique() {
    String path = "/api/v1/workspaces/" + workspaceId + "/clusters";
    assertProblem(admin.post(path, Map.of("name", "Prod EU")), 400,
        "invalid request: 'name' must be a DNS label: lower-case letters, digits and '-'");
    assertThat(admin.post(path, Map.of("name", "prod-eu")).status()).isEqualTo(201);
    assertProblem(admin.post(path, Map.of("name", "prod-eu")), 409, "the workspace already has a cluster named 'prod-eu'");
  }

  @Test
  void wrongMethodsAre405Problems() {
    Response r = admin.sendRaw("PATCH", "/api/v1/workspaces", "{}", "application/json");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("content-type")).startsWith("application/problem+json");
  }

  @Test
  void listsPageWithCursorsToTheEnd() {
    for (int i = 0; i < 7; i++) {
      admin.post("/api/v1/workspaces", Map.of("name", "page-" + i));
    }
    List<String> names = new ArrayList<>();
    String next = "";
    do {
      Response page = admin.get("/api/v1/workspaces?limit=3&sort=-name" + (next.isEmpty() ? "" : "&cursor=" + next));
      page.json().get("items").forEach(w -> names.add(w.get("name").asString()));
      var nc = page.json().get("nextCursor");
      next = nc == null || nc.isNull() ? null : nc.asString();
    } while (next != null);
    assertThat(names).contains("page-0", "page-6").doesNotHaveDuplicates();
    assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }
}
