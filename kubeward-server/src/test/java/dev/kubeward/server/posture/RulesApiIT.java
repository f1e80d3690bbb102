package dev.kubeward.server.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.OpenApiResponseValidator;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rules API: built-in rules with their CEL, fixtures and policies; custom rules validated with errors that name
 * the rule and the CEL problem, stored, and evaluated on every cluster; rule parameters as settings.
 */
class RulesApiIT {
  static TestServer server;
  static ApiClient admin;
  static ApiClient reader;
  static Path roots;
  static String workspace;
  static String first;
  static String second;

  static final String CUSTOM = """
      id: ACME-LBL-001
      title: Deployment has no team label
      severity: Low
      category: Ownership
      target: workload
      kinds: [Deployment]
      condition: "!('team' in object.metadata.?labels.orValue({}))"
      message: "Deployment {{object.metadata.name}} has no metadata.labels.team"
      description: Every Deployment names the team that runs it, so alerts reach someone.
      remediation: Add the label team=<your team> to the Deployment.
      references: [https://example.com/acme/labels]
      """;

  @BeforeAll
  static void start() throws Exception {
    roots = Files.createTempDirectory("kubeward-rules-");
    server = TestServer.start("--kubeward.sources.allowed-roots=" + roots, "--kubeward.posture.reconcile-interval=1s");
    admin = server.tokenWithRole("securityAdmin");
    reader = server.tokenWithRole("reader");
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Rules")).json().get("id").asString();
    first = cluster("first", """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {team: storefront}}
        spec:
          template:
            spec:
              containers: [{name: web, image: "quay.io/acme/web:1"}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: worker, image: "docker.io/acme/worker:1"}]
        """);
    second = cluster("second", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: payments}
        spec:
          template:
            spec:
              containers: [{name: api, image: "quay.io/acme/api:1"}]
        """);
  }

  static String cluster(String name, String yaml) throws Exception {
    String id = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", name)).json().get("id").asString();
    Path dir = Files.createDirectories(roots.resolve(name));
    Files.writeString(dir.resolve("all.yaml"), yaml);
    Response r = admin.put("/api/v1/clusters/" + id + "/source", Map.of("mode", "manifests", "manifestsPath", dir.toString()));
    assertThat(r.json().get("state").asString()).as(r.body()).isEqualTo("ready");
    return id;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void awaitOpen(String cluster, String finding, boolean open) {
    Awaitility.await(finding + (open ? " open" : " resolved")).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Misconfigurations.openKeys(reader, cluster).contains(finding) == open);
  }

  @Test
  void builtInRulesAreListedAndShownWithCelFixturesAndPolicy() {
    JsonNode list = reader.get("/api/v1/rules").json();
    assertThat(list.size()).isGreaterThanOrEqualTo(120);
    assertThat(StreamSupport.stream(list.spliterator(), false).map(r -> r.get("id").asString()).toList())
        .contains("KW-PSS-001", "KW-NS-004", "KW-RBAC-013");

    JsonNode pss = reader.get("/api/v1/rules/KW-PSS-001").json();
    assertThat(pss.get("title").asString()).isEqualTo("Container runs privileged");
    assertThat(pss.get("condition").asString()).contains("privileged");
    assertThat(pss.get("custom").asBoolean()).isFalse();
    assertThat(pss.get("quickFix").get("appliesTo").asString()).isEqualTo("container");
    assertThat(pss.get("fixtures")).anySatisfy(f -> assertThat(f.get("expectation").asString()).isEqualTo("fail"))
        .anySatisfy(f -> assertThat(f.get("expectation").asString()).isEqualTo("pass"));
    assertThat(pss.get("admissionPolicy").get("yaml").asString()).contains("kind: ValidatingAdmissionPolicy")
        .contains("validationActions:").contains("- Deny");

    JsonNode ns = reader.get("/api/v1/rules/KW-NS-004").json();
    assertThat(ns.has("admissionPolicy")).isFalse();
    assertThat(ns.get("admissionNote").asString()).contains("looks at other objects");

    JsonNode warn = reader.get("/api/v1/rules/KW-PSS-001/admission-policy?actions=Warn,Audit").json();
    assertThat(warn.get("actions").toString()).isEqualTo("[\"Warn\",\"Audit\"]");
    Response file = reader.get("/api/v1/rules/KW-PSS-001/admission-policy.yaml");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("content-type")).startsWith("application/yaml");
    assertThat(file.body()).startsWith("---\napiVersion: admissionregistration.k8s.io/v1");
    assertThat(reader.get("/api/v1/rules/KW-NOPE-404").status()).isEqualTo(404);
  }

  @Test
  void aCustomRuleIsValidatedStoredAndEvaluatedOnEveryCluster() {
    Response broken = admin.post("/api/v1/rules", Map.of("yaml", CUSTOM.replace("orValue({}))", "orValue({})")));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.detail()).contains("ACME-LBL-001");
    JsonNode problem = broken.json().get("problems").get(0);
    assertThat(problem.get("ruleId").asString()).isEqualTo("ACME-LBL-001");
    assertThat(problem.get("message").asString()).containsIgnoringCase("condition");

    JsonNode dry = reader.post("/api/v1/rules/validate", Map.of("yaml", CUSTOM.replace("severity: Low", "severity: Urgent")))
        .json();
    assertThat(dry.get("valid").asBoolean()).isFalse();
    assertThat(dry.get("problems").get(0).get("message").asString()).contains("Urgent");
    assertThat(reader.post("/api/v1/rules/validate", Map.of("yaml", CUSTOM)).json().get("valid").asBoolean()).isTrue();

    assertThat(reader.post("/api/v1/rules", Map.of("yaml", CUSTOM)).status()).isEqualTo(403);
    Response created = admin.post("/api/v1/rules", Map.of("yaml", CUSTOM));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("custom").asBoolean()).isTrue();
    assertThat(created.json().get("author").get("createdBy").asString()).isNotBlank();
    assertThat(admin.post("/api/v1/rules", Map.of("yaml", CUSTOM)).status()).isEqualTo(409);
    Response builtIn = admin.post("/api/v1/rules", Map.of("yaml", CUSTOM.replace("ACME-LBL-001", "KW-PSS-001")));
    assertThat(builtIn.status()).isEqualTo(409);
    assertThat(builtIn.detail()).contains("built-in");

    // Every cluster is evaluated with it.
    awaitOpen(first, "ACME-LBL-001 Deployment/shop/worker", true);
    awaitOpen(second, "ACME-LBL-001 Deployment/payments/api", true);
    assertThat(Misconfigurations.openKeys(reader, first)).doesNotContain("ACME-LBL-001 Deployment/shop/web");
    JsonNode f = Misconfigurations.find(reader, first, "ACME-LBL-001", "Deployment/shop/worker");
    assertThat(f.get("details").asString()).isEqualTo("Deployment worker has no metadata.labels.team");
    assertThat(f.get("attributes").get("remediation").asString()).isEqualTo("Add the label team=<your team> to the Deployment.");
    assertThat(reader.get("/api/v1/rules").json().toString()).contains("ACME-LBL-001");
    assertThat(reader.get("/api/v1/rules/ACME-LBL-001/admission-policy").status()).isEqualTo(200);

    // Replaced: the new condition applies everywhere; an id never changes.
    Response replaced = admin.put("/api/v1/rules/ACME-LBL-001", Map.of("yaml",
        CUSTOM.replace("'team'", "'owner'").replace("labels.team", "labels.owner")));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    awaitOpen(first, "ACME-LBL-001 Deployment/shop/web", true);
    assertThat(admin.put("/api/v1/rules/ACME-LBL-001", Map.of("yaml", CUSTOM.replace("ACME-LBL-001", "ACME-LBL-002")))
        .status()).isEqualTo(400);
    assertThat(admin.delete("/api/v1/rules/KW-PSS-001").status()).isEqualTo(400);

    // Removed: its findings are resolved.
    assertThat(admin.delete("/api/v1/rules/ACME-LBL-001").status()).isEqualTo(204);
    awaitOpen(first, "ACME-LBL-001 Deployment/shop/web", false);
    awaitOpen(second, "ACME-LBL-001 Deployment/payments/api", false);
    assertThat(reader.get("/api/v1/rules/ACME-LBL-001").status()).isEqualTo(404);
  }

  @Test
  void aRuleThatFailsToEvaluateIsAFindingAndMarksTheClusterNotEvaluated() {
    String failing = """
        id: ACME-RPL-001
        title: Deployment runs too few replicas
        severity: Medium
        category: Availability
        target: workload
        kinds: [Deployment]
        condition: object.spec.replicas < 2
        message: "Deployment {{object.metadata.name}} runs {{object.spec.replicas}} replica(s)"
        remediation: Run at least two replicas.
        """;
    assertThat(admin.post("/api/v1/rules", Map.of("yaml", failing)).status()).isEqualTo(201);
    try {
      // None of the test Deployments sets spec.replicas: CEL cannot read it, which is an error, never a pass.
      awaitOpen(second, "ACME-RPL-001 Deployment/payments/api", true);
      JsonNode error = Misconfigurations.find(reader, second, "ACME-RPL-001", "Deployment/payments/api");
      assertThat(error.get("title").asString()).isEqualTo("Rule error: Deployment runs too few replicas");
      assertThat(error.get("details").asString()).startsWith("rule error:").contains("replicas");
      assertThat(error.get("attributes").get("outcome").asString()).isEqualTo("rule error");
      JsonNode status = reader.get("/api/v1/clusters/" + second + "/status").json();
      JsonNode mis = StreamSupport.stream(status.get("capabilities").spliterator(), false)
          .filter(c -> c.get("capability").asString().equals("misconfigurations")).findFirst().orElseThrow();
      assertThat(mis.get("state").asString()).isEqualTo("notEvaluated");
      assertThat(mis.get("detail").asString()).contains("1 rule error(s)");
    } finally {
      admin.delete("/api/v1/rules/ACME-RPL-001");
    }
    awaitOpen(second, "ACME-RPL-001 Deployment/payments/api", false);
  }

  @Test
  void theRegistryAllowListIsASettingAndChangesTheEvaluation() {
    JsonNode defs = reader.get("/api/v1/settings/definitions").json();
    assertThat(StreamSupport.stream(defs.spliterator(), false).map(d -> d.get("key").asString()).toList())
        .contains("misconfigurations.KW-IMG-005.allowedRegistries", "misconfigurations.KW-NODE-001.minimumMinor");
    assertThat(Misconfigurations.openKeys(reader, first)).noneMatch(k -> k.startsWith("KW-IMG-005"));

    Response set = admin.patch("/api/v1/clusters/" + first + "/settings",
        Map.of("values", Map.of("misconfigurations.KW-IMG-005.allowedRegistries", List.of("quay.io"))));
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    awaitOpen(first, "KW-IMG-005 Deployment/shop/worker/worker", true);
    assertThat(Misconfigurations.openKeys(reader, first)).doesNotContain("KW-IMG-005 Deployment/shop/web/web");
    // The other cluster keeps the default (no allow-list, the rule is off).
    assertThat(Misconfigurations.openKeys(reader, second)).noneMatch(k -> k.startsWith("KW-IMG-005"));
    // The cluster's policy enforces the same allow-list.
    assertThat(reader.get("/api/v1/clusters/" + first + "/admission-policies/KW-IMG-005").json().get("yaml").asString())
        .contains("'quay.io'");
  }

  @Test
  void responsesMatchTheOpenApiDocument() {
    OpenApiResponseValidator validator = new OpenApiResponseValidator(reader.get("/api/openapi.json").json());
    java.util.function.BiConsumer<String, Response> check = (template, r) -> assertThat(validator.problems(template,
        "get", r.status(), r.json())).as(template + " -> " + r).isEmpty();
    check.accept("/api/v1/rules", reader.get("/api/v1/rules"));
    check.accept("/api/v1/rules/{id}", reader.get("/api/v1/rules/KW-PSS-001"));
    check.accept("/api/v1/rules/{id}", reader.get("/api/v1/rules/KW-NS-004"));
    check.accept("/api/v1/rules/{id}/admission-policy", reader.get("/api/v1/rules/KW-PSS-001/admission-policy"));
    check.accept("/api/v1/clusters/{id}/misconfigurations/by-rule",
        reader.get("/api/v1/clusters/" + first + "/misconfigurations/by-rule"));
    check.accept("/api/v1/clusters/{id}/admission-policies/{ruleId}",
        reader.get("/api/v1/clusters/" + first + "/admission-policies/KW-PSS-001"));
    check.accept("/api/v1/clusters/{id}/admission-policies", reader.get("/api/v1/clusters/" + first + "/admission-policies"));
    long id = Misconfigurations.find(reader, first, "KW-NS-001", "Namespace/shop").get("id").asLong();
    check.accept("/api/v1/findings/{id}/remediation", reader.get("/api/v1/findings/" + id + "/remediation"));
    check.accept("/api/v1/findings/{id}/quick-fix", reader.get("/api/v1/findings/" + id + "/quick-fix"));
    long workload = Misconfigurations.find(reader, first, "KW-PSS-021", "Deployment/shop/web").get("id").asLong();
    check.accept("/api/v1/findings/{id}/quick-fix", reader.get("/api/v1/findings/" + workload + "/quick-fix"));
    Response fixed = reader.post("/api/v1/findings/" + workload + "/fixed-manifest", Map.of("yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: web, image: "quay.io/acme/web:1"}]
        """));
    assertThat(validator.problems("/api/v1/findings/{id}/fixed-manifest", "post", fixed.status(), fixed.json()))
        .as(fixed.body()).isEmpty();
    Response validated = reader.post("/api/v1/rules/validate", Map.of("yaml", "id: X"));
    assertThat(validator.problems("/api/v1/rules/validate", "post", validated.status(), validated.json())).isEmpty();
  }

  @Test
  void aManifestSnapshotCannotBePatchedAndSaysSo() {
    JsonNode finding = Misconfigurations.find(reader, first, "KW-NS-001", "Namespace/shop");
    JsonNode preview = reader.get("/api/v1/findings/" + finding.get("id").asLong() + "/quick-fix").json();
    assertThat(preview.get("available").asBoolean()).isTrue();
    assertThat(preview.get("applicable").asBoolean()).isFalse();
    assertThat(preview.get("reason").asString()).contains("manifest snapshot").contains("cannot be patched");
    assertThat(preview.get("patch").toString()).contains("pod-security.kubernetes.io/enforce");
    ApiClient contributor = server.tokenWithRole("contributor");
    Response apply = contributor.post("/api/v1/findings/" + finding.get("id").asLong() + "/quick-fix",
        Map.of("planId", preview.get("planId").asString(), "confirm", true));
    assertThat(apply.status()).isEqualTo(409);
    assertThat(apply.detail()).contains("manifest snapshot");

    JsonNode remediation = reader.get("/api/v1/findings/" + finding.get("id").asLong() + "/remediation").json();
    assertThat(remediation.get("live").asBoolean()).isFalse();
    assertThat(remediation.get("rule").get("remediation").asString()).contains("pod-security.kubernetes.io/enforce");
    assertThat(remediation.get("fixedManifest").get("available").asBoolean()).isTrue();
    assertThat(remediation.get("admissionPolicy").get("installable").asBoolean()).isFalse();
    assertThat(reader.get("/api/v1/findings/" + finding.get("id").asLong() + "/fixed-manifest").body())
        .contains("pod-security.kubernetes.io/enforce: baseline").contains("name: shop");
  }
}
