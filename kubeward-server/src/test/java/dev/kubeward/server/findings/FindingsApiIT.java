package dev.kubeward.server.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import dev.kubeward.server.export.FindingExporter;
import dev.kubeward.server.security.ApiToken;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.security.TokenService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.Workspace;
import dev.kubeward.server.workspace.WorkspaceService;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The findings API on a real, started server: roles, bad input, bar, lists, bulk actions, exceptions and exports. */
class FindingsApiIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dataDir;
  private static KubewardServer.Running server;
  private static String base;
  private static final Map<Role, String> TOKENS = new java.util.EnumMap<>(Role.class);
  private static Cluster cluster;
  private static Workspace workspace;
  private static long misconfigId;
  private static long alertId;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("kw-findings-api");
    server = KubewardServer.start(new ServerOptions(0, dataDir, Optional.empty(), false),
        "--server.address=127.0.0.1", "--KUBEWARD_ADMIN_PASSWORD=admin-password-for-tests");
    base = "http://127.0.0.1:" + server.port();
    TokenService tokens = server.context().getBean(TokenService.class);
    for (Role r : Role.values()) {
      TOKENS.put(r, tokens.create("test-" + r.apiName(), ApiToken.Kind.API, Optional.of(r), Optional.empty(),
          Optional.empty(), "test").secret());
    }
    WorkspaceService ws = server.context().getBean(WorkspaceService.class);
    workspace = ws.createWorkspace("Shop", "", "test");
    cluster = ws.createCluster(workspace.id(), "prod", "", "test");
    FindingIngestService ingest = server.context().getBean(FindingIngestService.class);
    ingest.report(FindingReport.full(cluster.id(), FindingKind.MISCONFIGURATION, "posture"), List.of(
        ReportedFinding.builder("KW-001", "=HYPERLINK(\"http://evil.example\",\"click\")", Severity.HIGH)
            .resource("shop", "Deployment", "checkout").container("app")
            .details("line one, with a comma\nline \"two\"").build(),
        ReportedFinding.builder("KW-002", "+SUM(1,2)", Severity.HIGH).resource("shop", "Deployment", "-cart").build(),
        ReportedFinding.builder("KW-003", "@cmd", Severity.LOW).resource("kube-system", "DaemonSet", "\tproxy").build()));
    ingest.report(FindingReport.full(cluster.id(), FindingKind.VULNERABILITY, "advisories"), List.of(
        ReportedFinding.builder("CVE-2024-3094", "xz backdoor", Severity.CRITICAL).risk(RiskLevel.CRITICAL)
            .resource("shop", "Deployment", "checkout").image("registry.local/checkout:1", "sha256:abc")
            .pkg("xz-utils", "5.6.0", "5.6.1").attributes(Map.of("cvss", 10.0)).build()));
    ingest.report(FindingReport.incremental(cluster.id(), FindingKind.ALERT, "runtime"), List.of(
        ReportedFinding.builder("shell-in-container", "Shell in checkout", Severity.HIGH)
            .resource("shop", "Pod", "checkout-1").build()));
    FindingDao dao = server.context().getBean(FindingDao.class);
    misconfigId = dao.page(List.of(cluster.id()), FindingFilter.all().withRule("KW-001"), java.time.LocalDate.now(),
        dev.kubeward.server.api.PageRequest.of(1, null, null, FindingSql.SORTABLE)).get(0).id();
    alertId = dao.page(List.of(cluster.id()), FindingFilter.all().withRule("shell-in-container"),
        java.time.LocalDate.now(), dev.kubeward.server.api.PageRequest.of(1, null, null, FindingSql.SORTABLE)).get(0).id();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void readerCannotAssignAndContributorCannotChangeAlertStatus() throws Exception {
    HttpResponse<String> r = send("PUT", Role.READER, "/api/v1/findings/" + misconfigId + "/assignment",
        "{\"owner\":\"ana@example.com\"}");
    assertProblem(r, 403, "contributor");
    assertProblem(send("POST", Role.READER, "/api/v1/findings/bulk",
        "{\"action\":\"assignOwner\",\"ids\":[" + misconfigId + "],\"owner\":\"ana@example.com\"}"), 403, "contributor");
    assertProblem(send("POST", Role.READER, "/api/v1/exceptions",
        "{\"clusterId\":\"" + cluster.id() + "\",\"ruleId\":\"KW-001\",\"reason\":\"accepted_risk\",\"justification\":\"x\"}"),
        403, "contributor");

    assertProblem(send("PUT", Role.CONTRIBUTOR, "/api/v1/findings/" + alertId + "/status", "{\"status\":\"dismissed\"}"),
        403, "securityAdmin");
    HttpResponse<String> ok = send("PUT", Role.SECURITY_ADMIN, "/api/v1/findings/" + alertId + "/status",
        "{\"status\":\"dismissed\",\"comment\":\"known admin shell\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("status").asString()).isEqualTo("dismissed");

    HttpResponse<String> assigned = send("PUT", Role.CONTRIBUTOR, "/api/v1/findings/" + misconfigId + "/assignment",
        "{\"owner\":\"ana@example.com\",\"dueDate\":\"2030-01-31\",\"comment\":\"yours\"}");
    assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
    assertThat(json(assigned).path("owner").asString()).isEqualTo("ana@example.com");
    assertThat(json(assigned).path("dueDate").asString()).isEqualTo("2030-01-31");
    JsonNode history = json(get(Role.READER, "/api/v1/findings/" + misconfigId + "/history"));
    assertThat(history.findValuesAsString("field")).contains("owner", "dueDate");
    assertThat(history.get(0).path("actor").asString()).isEqualTo("token:test-contributor");
  }

  @Test
  void badInputGetsAProblemThatNamesIt() throws Exception {
    String list = "/api/v1/clusters/" + cluster.id() + "/findings";
    assertProblem(get(Role.READER, list + "?severity=extreme"), 400, "unknown severity 'extreme'");
    assertProblem(get(Role.READER, list + "?severty=high"), 400, "unknown parameter 'severty'");
    assertProblem(get(Role.READER, list + "?kind=bug"), 400, "unknown finding kind 'bug'");
    assertProblem(get(Role.READER, list + "?dueBefore=tomorrow"), 400, "'dueBefore' must be a day");
    assertProblem(get(Role.READER, list + "?sort=owner"), 400, "cannot sort by 'owner'");
    assertProblem(get(Role.READER, list + "?cursor=bm9wZQ"), 400, "'cursor'");
    assertProblem(get(Role.READER, "/api/v1/clusters/nope/findings"), 404, "cluster 'nope' not found");
    assertProblem(get(Role.READER, "/api/v1/findings/987654"), 404, "finding '987654' not found");
    assertProblem(send("PUT", Role.CONTRIBUTOR, "/api/v1/findings/" + misconfigId + "/status", "{\"status\":\"bogus\"}"),
        400, "unknown status 'bogus'");
    assertProblem(send("PUT", Role.CONTRIBUTOR, "/api/v1/findings/" + misconfigId + "/status", "{\"status\":"), 400,
        "malformed JSON");
    assertProblem(send("PUT", Role.CONTRIBUTOR, "/api/v1/findings/" + misconfigId + "/assignment",
        "{\"owner\":\"not an address\"}"), 400, "'owner' must be an e-mail address");
    assertProblem(send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk", "{\"action\":\"explode\",\"ids\":[1]}"), 400,
        "unknown action 'explode'");
    String tooMany = LongStream.rangeClosed(1, 10_001).mapToObj(String::valueOf).collect(Collectors.joining(","));
    assertProblem(send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk",
        "{\"action\":\"setDueDate\",\"ids\":[" + tooMany + "]}"), 400, "ids");
    String huge = LongStream.rangeClosed(1, 200_000).mapToObj(String::valueOf).collect(Collectors.joining(","));
    assertProblem(send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk",
        "{\"action\":\"setDueDate\",\"ids\":[" + huge + "]}"), 413, "larger than the limit");
    assertProblem(send("POST", Role.CONTRIBUTOR, "/api/v1/exceptions", "{\"clusterId\":\"" + cluster.id()
        + "\",\"ruleId\":\"KW-001\",\"reason\":\"because\",\"justification\":\"x\"}"), 400, "unknown exception reason");
    assertProblem(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings/export?format=xlsx"), 400,
        "unknown format 'xlsx'");
  }

  @Test
  void barListsAndBulkActionsWorkTogether() throws Exception {
    JsonNode bar = json(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings-bar"));
    Map<String, JsonNode> kinds = new java.util.HashMap<>();
    bar.path("kinds").forEach(k -> kinds.put(k.path("kind").asString(), k));
    assertThat(kinds.get("vulnerability").path("headline").path("text").asString())
        .isEqualTo("1 Critical-risk vulnerable component");
    assertThat(kinds.get("misconfiguration").path("bySeverity").path("high").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(json(get(Role.READER, "/api/v1/workspaces/" + workspace.id() + "/findings-bar")).path("kinds").size())
        .isEqualTo(4);

    JsonNode page = json(get(Role.READER, "/api/v1/clusters/" + cluster.id()
        + "/findings?kind=misconfiguration&severity=high,low&limit=2&sort=severity"));
    assertThat(page.path("items").size()).isEqualTo(2);
    assertThat(page.path("nextCursor").isNull()).isFalse();
    JsonNode next = json(get(Role.READER, "/api/v1/clusters/" + cluster.id()
        + "/findings?kind=misconfiguration&severity=high,low&limit=2&sort=severity&cursor=" + page.path("nextCursor").asString()));
    assertThat(next.path("items").size()).isEqualTo(1);
    assertThat(next.path("items").get(0).path("severity").asString()).isEqualTo("low");

    // Bulk by filter: every High misconfiguration of the cluster, one result each.
    HttpResponse<String> bulk = send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk", "{\"action\":\"changeStatus\","
        + "\"status\":\"inProgress\",\"filter\":{\"clusterId\":\"" + cluster.id()
        + "\",\"kind\":\"misconfiguration\",\"severity\":[\"high\"]}}");
    assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
    assertThat(json(bulk).path("selected").asInt()).isEqualTo(2);
    assertThat(json(bulk).path("items").findValuesAsString("outcome")).isSubsetOf("changed", "unchanged");

    // Bulk by ids mixing kinds: the contributor's alert item is refused, the rest go through, in one request.
    HttpResponse<String> mixed = send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk",
        "{\"action\":\"changeStatus\",\"status\":\"resolved\",\"ids\":[" + misconfigId + "," + alertId + ",424242]}");
    JsonNode items = json(mixed).path("items");
    assertThat(items.get(0).path("outcome").asString()).isEqualTo("changed");
    assertThat(items.get(1).path("outcome").asString()).isEqualTo("forbidden");
    assertThat(items.get(2).path("outcome").asString()).isEqualTo("not_found");

    // An exception by bulk: exempted, still listed.
    HttpResponse<String> exc = send("POST", Role.CONTRIBUTOR, "/api/v1/findings/bulk", "{\"action\":\"addException\","
        + "\"filter\":{\"clusterId\":\"" + cluster.id() + "\",\"kind\":\"vulnerability\"},"
        + "\"exception\":{\"reason\":\"code_not_reachable\",\"justification\":\"xz is not used at run time\"}}");
    assertThat(exc.statusCode()).as(exc.body()).isEqualTo(200);
    String exceptionId = json(exc).path("exceptionId").asString();
    JsonNode vulns = json(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings?kind=vulnerability"));
    assertThat(vulns.path("items").get(0).path("status").asString()).isEqualTo("exempted");
    assertThat(vulns.path("items").get(0).path("attributes").path("cvss").asDouble()).isEqualTo(10.0);
    JsonNode e = json(get(Role.READER, "/api/v1/exceptions/" + exceptionId));
    assertThat(e.path("vexJustification").asString()).isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(e.path("createdBy").asString()).isEqualTo("token:test-contributor");
    HttpResponse<String> revoked = send("DELETE", Role.CONTRIBUTOR, "/api/v1/exceptions/" + exceptionId, null);
    assertThat(json(revoked).path("active").asBoolean()).isFalse();
    assertThat(json(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings?kind=vulnerability"))
        .path("items").get(0).path("status").asString()).isEqualTo("open");
  }

  @Test
  void csvReportParsesBackAndNeutralisesFormulas() throws Exception {
    HttpResponse<String> r = get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings/export?format=csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment; filename=\"kubeward-findings-prod-");
    assertThat(r.body()).contains("\r\n");
    List<CSVRecord> rows;
    try (CSVParser p = CSVParser.parse(new StringReader(r.body()),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      assertThat(p.getHeaderNames()).isEqualTo(FindingExporter.CSV_HEADER);
      rows = p.getRecords();
    }
    assertThat(rows).hasSize(5);
    Map<String, CSVRecord> byRule = new java.util.HashMap<>();
    rows.forEach(row -> byRule.put(row.get("rule"), row));
    assertThat(byRule.get("KW-001").get("title")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
    assertThat(byRule.get("KW-001").get("details")).isEqualTo("line one, with a comma\nline \"two\"");
    assertThat(byRule.get("KW-002").get("title")).isEqualTo("'+SUM(1,2)");
    assertThat(byRule.get("KW-002").get("resourceName")).isEqualTo("'-cart");
    assertThat(byRule.get("KW-003").get("title")).isEqualTo("'@cmd");
    assertThat(byRule.get("KW-003").get("resourceName")).isEqualTo("'\tproxy");
    assertThat(byRule.get("CVE-2024-3094").get("cluster")).isEqualTo("prod");
    for (CSVRecord row : rows) {
      for (String cell : row) {
        assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
      }
    }
    // The current filter applies to the report as well.
    HttpResponse<String> filtered = get(Role.READER, "/api/v1/workspaces/" + workspace.id()
        + "/findings/export?format=csv&kind=vulnerability");
    assertThat(filtered.body().split("\r\n")).hasSize(2);
  }

  @Test
  void jsonAndSarifExportsAreWellFormed() throws Exception {
    JsonNode all = json(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings/export?format=json"));
    assertThat(all.isArray()).isTrue();
    assertThat(all.size()).isEqualTo(5);
    JsonNode sarif = json(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings/export?format=sarif"));
    assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
    JsonNode run = sarif.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("rules").findValuesAsString("id"))
        .containsExactly("KW-001", "KW-002", "KW-003");
    assertThat(run.path("results").size()).isEqualTo(3);
    assertThat(run.path("results").get(0).path("locations").get(0).path("logicalLocations").get(0)
        .path("fullyQualifiedName").asString()).startsWith("prod/");
    assertProblem(get(Role.READER, "/api/v1/clusters/" + cluster.id() + "/findings/export?format=sarif&kind=alert"),
        400, "SARIF export is for misconfigurations");
  }

  @Test
  void openApiDocumentDescribesTheFindingsApi() throws Exception {
    JsonNode doc = json(get(Role.READER, "/api/openapi.json"));
    List<String> paths = new ArrayList<>();
    doc.path("paths").propertyNames().forEach(paths::add);
    assertThat(paths).contains("/api/v1/clusters/{id}/findings-bar", "/api/v1/workspaces/{id}/findings-bar",
        "/api/v1/clusters/{id}/findings", "/api/v1/findings/{id}", "/api/v1/findings/{id}/history",
        "/api/v1/findings/{id}/status", "/api/v1/findings/{id}/assignment", "/api/v1/findings/bulk",
        "/api/v1/exceptions", "/api/v1/exceptions/{id}", "/api/v1/clusters/{id}/findings/export",
        "/api/v1/workspaces/{id}/findings/export", "/api/v1/notifications/outbox");
    assertThat(doc.path("paths").path("/api/v1/clusters/{id}/findings").path("get").path("parameters")
        .findValuesAsString("name")).contains("severity", "owner", "overdue", "cursor", "sort");
  }

  @Test
  void anotherClustersTokenSeesNothingOfThisOne() throws Exception {
    WorkspaceService ws = server.context().getBean(WorkspaceService.class);
    Cluster other = ws.createCluster(workspace.id(), "staging", "", "test");
    String scoped = server.context().getBean(TokenService.class).create("scoped", ApiToken.Kind.API,
        Optional.of(Role.SECURITY_ADMIN), Optional.of(other.id()), Optional.empty(), "test").secret();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/findings/" + misconfigId))
        .header("Authorization", "Bearer " + scoped).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertProblem(r, 403, "scoped");
    HttpResponse<String> bulk = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/findings/bulk"))
        .header("Authorization", "Bearer " + scoped).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"setDueDate\",\"ids\":[" + misconfigId + "]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json(bulk).path("items").get(0).path("outcome").asString()).isEqualTo("forbidden");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(json(r).path("detail").asString()).contains(detailPart);
    assertThat(r.body()).doesNotContain("Exception:").doesNotContain("java.").doesNotContain("\tat ");
  }

  private static HttpResponse<String> get(Role role, String path) throws Exception {
    return send("GET", role, path, null);
  }

  private static HttpResponse<String> send(String method, Role role, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKENS.get(role));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }
}
