package dev.kubeward.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.OpenApiResponseValidator;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Compliance end to end on H2 and PostgreSQL: a cluster read from manifests is assessed against the selected
 * standards; failing controls become COMPLIANCE findings (the findings bar names the standard); the grid filters and
 * pages; control detail, evidence (JSON, CSV) and trend answer as documented (OpenAPI, strict); the selection follows
 * the workspace over the cluster; custom standards are validated; old snapshots are pruned.
 */
class ComplianceIT {
  @TempDir Path roots;

  static final String MANIFESTS = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: app
              image: registry.example.com/shop/web:1.0
              securityContext: {privileged: true}
      ---
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent, namespace: platform}
      spec:
        selector: {matchLabels: {app: agent}}
        template:
          metadata: {labels: {app: agent}}
          spec:
            hostPID: true
            containers:
            - name: agent
              image: registry.example.com/platform/agent:2.0
              securityContext: {privileged: true}
      """;

  @ParameterizedTest
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void complianceEndToEnd(Supplier<TestDatabase> database) throws Exception {
    Path folder = Files.createDirectories(roots.resolve("cluster"));
    Files.writeString(folder.resolve("app.yaml"), MANIFESTS);
    try (TestServer server = TestServer.start(database.get(), "--kubeward.sources.allowed-roots=" + roots,
        "--kubeward.compliance.report-interval=500ms", "--kubeward.compliance.report-initial-delay=100ms")) {
      ApiClient admin = server.tokenWithRole("securityAdmin");
      ApiClient reader = server.tokenWithRole("reader");
      OpenApiResponseValidator openApi = new OpenApiResponseValidator(admin.get("/api/openapi.json").json());
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Comp")).json().get("id").asString();
      String id = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      Response loaded = admin.put("/api/v1/clusters/" + id + "/source",
          Map.of("mode", "manifests", "manifestsPath", folder.toString()));
      assertThat(loaded.json().get("state").asString()).as(loaded.body()).isEqualTo("ready");
      String base = "/api/v1/clusters/" + id + "/compliance";

      // Standards
      Response list = reader.get("/api/v1/compliance/standards");
      check(openApi, "/api/v1/compliance/standards", "get", list);
      assertThat(list.json().findValuesAsString("id")).containsExactly("cis-kubernetes", "mitre-attack-containers",
          "nsa-cisa", "pss-baseline", "pss-restricted");
      Response pss = reader.get("/api/v1/compliance/standards/pss-baseline");
      check(openApi, "/api/v1/compliance/standards/{standardId}", "get", pss);
      assertThat(pss.json().get("controls")).hasSize(12);
      assertThat(reader.get("/api/v1/compliance/standards/nope").status()).isEqualTo(404);

      // Summary: every shipped standard by default
      Response summary = reader.get(base);
      check(openApi, "/api/v1/clusters/{id}/compliance", "get", summary);
      assertThat(summary.json().get("evaluated").asBoolean()).isTrue();
      assertThat(summary.json().get("standards")).hasSize(5);
      JsonNode baseline = byId(summary.json().get("standards"), "pss-baseline");
      assertThat(baseline.get("failed").asInt()).isEqualTo(2);   // privileged containers, host namespaces
      assertThat(baseline.get("passed").asInt()).isEqualTo(10);
      assertThat(baseline.get("score").asDouble()).isEqualTo(83.3);
      JsonNode cis = byId(summary.json().get("standards"), "cis-kubernetes");
      // host files stay manual; the control-plane and kubelet controls cannot be seen from manifests
      assertThat(cis.get("manual").asInt()).isEqualTo(46);
      assertThat(cis.get("notEvaluated").asInt()).isEqualTo(56);

      // Failing controls become findings; the bar names the standard
      List<JsonNode> findings = waitForCompliance(reader, id, 1);
      assertThat(findings).extracting(f -> f.get("ruleId").asString())
          .contains("pss-baseline:privileged-containers", "pss-baseline:host-namespaces", "cis-kubernetes:5.2.2");
      JsonNode priv = findings.stream().filter(f -> f.get("ruleId").asString().equals("pss-baseline:privileged-containers"))
          .findFirst().orElseThrow();
      assertThat(priv.get("source").asString()).isEqualTo("compliance");
      assertThat(priv.get("severity").asString()).isEqualTo("high");
      assertThat(priv.get("attributes").get("resourceCount").asInt()).isEqualTo(2);
      JsonNode bar = reader.get("/api/v1/clusters/" + id + "/findings-bar").json();
      JsonNode complianceBar = null;
      for (JsonNode k : bar.get("kinds")) {
        if (k.get("kind").asString().equals("compliance")) {
          complianceBar = k;
        }
      }
      assertThat(complianceBar).isNotNull();
      assertThat(complianceBar.get("headline").get("text").asString()).matches("\\d+ failing controls in [a-z-]+");

      // The grid: failing controls only, filters, paging
      Response grid = reader.get(base + "/failing?standard=pss-baseline");
      check(openApi, "/api/v1/clusters/{id}/compliance/failing", "get", grid);
      assertThat(grid.json().get("items").findValuesAsString("controlId"))
          .containsExactly("host-namespaces", "privileged-containers");
      JsonNode first = grid.json().get("items").get(1);
      assertThat(first.get("recommendations").get(0).get("ruleId").asString()).isEqualTo("KW-PSS-001");
      assertThat(first.get("recommendations").get(0).get("remediation").asString()).isNotBlank();
      assertThat(first.get("resourceCount").asInt()).isEqualTo(2);
      JsonNode shopOnly = reader.get(base + "/failing?standard=pss-baseline&namespace=shop").json();
      assertThat(shopOnly.get("items").findValuesAsString("controlId")).containsExactly("privileged-containers");
      assertThat(shopOnly.get("items").get(0).get("resourceCount").asInt()).isEqualTo(1);
      assertThat(reader.get(base + "/failing?kind=DaemonSet&control=host-namespaces").json().get("items")
          .findValuesAsString("standardId")).containsExactly("pss-baseline", "pss-restricted");
      assertThat(reader.get(base + "/failing?severity=low&standard=pss-baseline").json().get("items")).isEmpty();
      assertThat(reader.get(base + "/failing?section=baseline").json().get("items")).hasSize(4);
      assertThat(reader.get(base + "/failing?severity=urgent").status()).isEqualTo(400);
      assertThat(reader.get(base + "/failing?standard=iso").status()).isEqualTo(400);
      List<String> paged = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonNode page = reader.get(base + "/failing?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
        page.get("items").forEach(i -> paged.add(i.get("standardId").asString() + ":" + i.get("controlId").asString()));
        cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null
            : page.get("nextCursor").asString();
        pages++;
      } while (cursor != null && pages < 100);
      List<String> all = new ArrayList<>();
      reader.get(base + "/failing?limit=500").json().get("items")
          .forEach(i -> all.add(i.get("standardId").asString() + ":" + i.get("controlId").asString()));
      assertThat(paged).containsExactlyElementsOf(all).doesNotHaveDuplicates();
      assertThat(pages).isGreaterThan(1);

      // Control detail: failed with recommendations, manual with audit steps
      Response detail = reader.get(base + "/standards/pss-baseline/controls/privileged-containers");
      check(openApi, "/api/v1/clusters/{id}/compliance/standards/{standardId}/controls/{controlId}", "get", detail);
      assertThat(detail.json().get("status").asString()).isEqualTo("failed");
      assertThat(detail.json().get("recommendations").get(0).get("resources")).hasSize(2);
      JsonNode manual = reader.get(base + "/standards/cis-kubernetes/controls/1.1.1").json();
      assertThat(manual.get("status").asString()).isEqualTo("manual");
      assertThat(manual.get("audit").asString()).contains("stat -c");
      // A flag of the API server: no static pod among the manifests, so not evaluated with the reason and audit steps
      JsonNode apiServer = reader.get(base + "/standards/cis-kubernetes/controls/1.2.1").json();
      assertThat(apiServer.get("status").asString()).isEqualTo("not evaluated");
      assertThat(apiServer.get("notEvaluatedDetail").asString()).contains("no static kube-apiserver pod visible");
      assertThat(apiServer.get("audit").asString()).contains("kube-apiserver");
      assertThat(reader.get(base + "/standards/cis-kubernetes/controls/4.2.1").json().get("notEvaluatedDetail")
          .asString()).isEqualTo("reading kubelet configuration is off (setting compliance.kubeletConfig)");

      // Evidence
      Response evidence = reader.get(base + "/standards/pss-restricted/evidence?format=json");
      check(openApi, "/api/v1/clusters/{id}/compliance/standards/{standardId}/evidence", "get", evidence);
      assertThat(evidence.header("content-disposition")).contains("attachment", "pss-restricted");
      assertThat(evidence.json().get("controls")).hasSize(16);
      assertThat(evidence.json().get("exportedAt").asString()).isNotBlank();
      Response csv = reader.get(base + "/standards/pss-baseline/evidence?format=csv");
      assertThat(csv.header("content-type")).startsWith("text/csv");
      assertThat(csv.body().lines().findFirst().orElseThrow()).startsWith("standard,control,title,section,status");
      assertThat(csv.body()).contains("pss-baseline,privileged-containers,Privileged Containers,baseline,failed");
      assertThat(reader.get(base + "/standards/pss-baseline/evidence?format=xml").status()).isEqualTo(400);

      // Trend: today's snapshot
      Response trend = reader.get(base + "/standards/pss-baseline/trend?days=30");
      check(openApi, "/api/v1/clusters/{id}/compliance/standards/{standardId}/trend", "get", trend);
      assertThat(trend.json().get("points")).hasSize(1);
      assertThat(trend.json().get("points").get(0).get("day").asString())
          .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
      assertThat(reader.get(base + "/standards/pss-baseline/trend?days=0").status()).isEqualTo(400);

      // Retention: a snapshot older than the setting is dropped by the daily job
      JdbcClient jdbc = server.running().context().getBean(JdbcClient.class);
      jdbc.sql("insert into compliance_snapshots (cluster_id, standard_id, snapshot_day, score, passed, failed, manual,"
          + " not_evaluated, taken_at) values (?, 'pss-baseline', ?, 50, 6, 6, 0, 0, current_timestamp)")
          .params(id, java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC).minusDays(500))).update();
      jdbc.sql("insert into compliance_snapshots (cluster_id, standard_id, snapshot_day, score, passed, failed, manual,"
          + " not_evaluated, taken_at) values (?, 'pss-baseline', ?, 75, 9, 3, 0, 0, current_timestamp)")
          .params(id, java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC).minusDays(10))).update();
      assertThat(reader.get(base + "/standards/pss-baseline/trend?days=1000").json().get("points")).hasSize(3);
      server.running().context().getBean(ComplianceReporter.class).prune();
      JsonNode kept = reader.get(base + "/standards/pss-baseline/trend?days=1000").json().get("points");
      assertThat(kept).hasSize(2);
      assertThat(kept.get(0).get("score").asDouble()).isEqualTo(75.0);

      // Selection: the workspace overrides the cluster
      assertThat(admin.patch("/api/v1/clusters/" + id + "/settings",
          Map.of("values", Map.of("compliance.standards", List.of("cis-kubernetes")))).status()).isEqualTo(200);
      assertThat(reader.get(base).json().get("standards").findValuesAsString("id")).containsExactly("cis-kubernetes");
      assertThat(admin.patch("/api/v1/workspaces/" + ws + "/settings",
          Map.of("values", Map.of("compliance.standards", List.of("pss-restricted")))).status()).isEqualTo(200);
      assertThat(reader.get(base).json().get("standards").findValuesAsString("id")).containsExactly("pss-restricted");
      List<JsonNode> afterSelection = waitFor(reader, id,
          fs -> !fs.isEmpty() && fs.stream().allMatch(f -> f.get("ruleId").asString().startsWith("pss-restricted:")));
      assertThat(afterSelection).isNotEmpty().allMatch(f -> f.get("ruleId").asString().startsWith("pss-restricted:"));

      // Custom standards: validated, securityAdmin only, selectable
      String bad = "id: team\nname: Team\ncontrols:\n- {id: a, title: A, rules: [KW-NOPE-1]}\n"
          + "- {id: a, title: B, rules: [KW-PSS-001]}\n";
      Response validation = reader.post("/api/v1/compliance/standards/validate", Map.of("yaml", bad));
      check(openApi, "/api/v1/compliance/standards/validate", "post", validation);
      assertThat(validation.json().get("valid").asBoolean()).isFalse();
      assertThat(validation.json().get("problems").findValuesAsString("message"))
          .containsExactly("rule 'KW-NOPE-1' does not exist", "duplicate control id 'a' (controls #1 and #2)");
      Response rejected = admin.post("/api/v1/compliance/standards", Map.of("yaml", bad));
      assertThat(rejected.status()).isEqualTo(400);
      assertThat(rejected.json().get("problems")).hasSize(2);
      String good = "id: team\nname: Team policy\ncontrols:\n- {id: no-host-pid, title: No host PID, rules: [KW-PSS-002]}\n";
      assertThat(reader.post("/api/v1/compliance/standards", Map.of("yaml", good)).status()).isEqualTo(403);
      Response created = admin.post("/api/v1/compliance/standards", Map.of("yaml", good));
      check(openApi, "/api/v1/compliance/standards", "post", created);
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().get("builtIn").asBoolean()).isFalse();
      assertThat(admin.post("/api/v1/compliance/standards", Map.of("yaml", good)).status()).isEqualTo(409);
      // The selection is a list of known ids: an unknown one is refused with the accepted ones named
      Response unknown = admin.patch("/api/v1/workspaces/" + ws + "/settings",
          Map.of("values", Map.of("compliance.standards", List.of("team", "gone-standard"))));
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().get("detail").asString())
          .contains("does not accept 'gone-standard'", "expected one of", "cis-kubernetes", "team");
      assertThat(reader.get("/api/v1/settings/definitions").json().findValues("allowedValues").stream()
          .anyMatch(v -> v.toString().contains("\"team\"") && v.toString().contains("\"pss-baseline\""))).isTrue();
      assertThat(admin.patch("/api/v1/workspaces/" + ws + "/settings",
          Map.of("values", Map.of("compliance.standards", List.of("team")))).status()).isEqualTo(200);
      JsonNode withTeam = reader.get(base).json();
      assertThat(withTeam.get("standards").findValuesAsString("id")).containsExactly("team");
      assertThat(byId(withTeam.get("standards"), "team").get("failed").asInt()).isEqualTo(1);
      assertThat(admin.delete("/api/v1/compliance/standards/pss-baseline").status()).isEqualTo(400);
      assertThat(admin.delete("/api/v1/compliance/standards/team").status()).isEqualTo(204);
      // A selected standard deleted later stays readable in the settings and is named in the status
      JsonNode afterDelete = reader.get(base).json();
      assertThat(afterDelete.get("standards")).isEmpty();
      assertThat(afterDelete.get("unknownStandards").get(0).asString()).isEqualTo("team");
      Response status = reader.get("/api/v1/clusters/" + id + "/status");
      assertThat(status.body()).contains("\"compliance\"", "unknown standards selected: team");
      assertThat(admin.get("/api/v1/workspaces/" + ws + "/settings").status()).isEqualTo(200);
    }
  }

  static void check(OpenApiResponseValidator v, String path, String method, Response r) {
    assertThat(r.status()).as(method + " " + path + " -> " + r).isBetween(200, 299);
    assertThat(v.problems(path, method, r.status(), r.json())).as(method + " " + path + " -> " + r).isEmpty();
  }

  static JsonNode byId(JsonNode array, String id) {
    for (JsonNode n : array) {
      if (n.get("id").asString().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + id + " in " + array);
  }

  static List<JsonNode> compliance(ApiClient client, String clusterId) {
    List<JsonNode> out = new ArrayList<>();
    client.get("/api/v1/clusters/" + clusterId + "/findings?kind=compliance&status=open&limit=500").json().get("items")
        .forEach(out::add);
    return out;
  }

  static List<JsonNode> waitForCompliance(ApiClient client, String clusterId, int atLeast) throws InterruptedException {
    return waitFor(client, clusterId, fs -> fs.size() >= atLeast);
  }

  static List<JsonNode> waitFor(ApiClient client, String clusterId, java.util.function.Predicate<List<JsonNode>> done)
      throws InterruptedException {
    List<JsonNode> fs = List.of();
    for (int i = 0; i < 200; i++) {
      fs = compliance(client, clusterId);
      if (done.test(fs)) {
        return fs;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("compliance findings did not settle: " + fs);
  }
}
