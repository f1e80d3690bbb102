package dev.kubeward.server.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import dev.kubeward.posture.report.ReportContext;
import dev.kubeward.posture.report.ReportWriters;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve --demo}: the bundled demo manifests, evaluated at start by the real posture engine, yield the
 * misconfigurations the demo README promises, and the well-configured workload yields none of them.
 */
class MisconfigurationDemoIT {
  static TestServer server;
  static ApiClient reader;
  static String prod;
  static String staging;

  @BeforeAll
  static void start() {
    server = TestServer.start("--kubeward.demo=true");
    reader = server.tokenWithRole("reader");
    JsonNode clusters = reader.get("/api/v1/clusters?limit=100").json().get("items");
    for (JsonNode c : clusters) {
      if (c.get("name").asString().equals("shop-prod")) {
        prod = c.get("id").asString();
      } else if (c.get("name").asString().equals("shop-staging")) {
        staging = c.get("id").asString();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theDemoClusterShowsEveryMisconfigurationItsReadmePromises() {
    List<String> open = Misconfigurations.openKeys(reader, prod);
    // README, shop-prod table and "Cluster level", rule by rule.
    assertThat(open).contains(
        "KW-PSS-001 Deployment/shop/frontend/web",            // privileged
        "KW-NET-001 Service/shop/frontend",                   // LoadBalancer
        "KW-NET-004 Ingress/shop/storefront",                 // no TLS
        "KW-IMG-003 Deployment/shop/frontend/web",            // tag, no digest
        "KW-SEC-001 Deployment/shop/cart/cart",               // password in an environment variable
        "KW-CTR-006 Deployment/shop/cart/cart",               // no probes
        "KW-CTR-007 Deployment/shop/cart/cart",
        "KW-POD-002 Deployment/shop/cart",                    // default service account
        "KW-CTR-002 StatefulSet/shop/redis/redis",            // redis: no resources
        "KW-CTR-005 StatefulSet/shop/redis/redis",
        "KW-POD-009 StatefulSet/shop/redis",                  // no security context
        "KW-CTR-005 CronJob/shop/report-generator/report",    // the internal batch job, same weaknesses
        "KW-RBAC-023 ServiceAccount/payments/payments-api",   // may read every Secret
        "KW-NET-002 Service/payments/payments-api",           // NodePort
        "KW-CTR-004 Deployment/payments/checkout/checkout",   // no limits
        "KW-POD-002 Deployment/payments/checkout",            // default service account
        "KW-PSS-002 DaemonSet/platform/log-agent",            // hostPID
        "KW-MNT-008 DaemonSet/platform/log-agent",            // hostPath /var/log
        "KW-MNT-002 DaemonSet/platform/log-agent",            // containerd socket
        "KW-RBAC-001 ClusterRoleBinding/ci-deployer-admin",   // ci-deployer bound to cluster-admin
        "KW-RBAC-024 ServiceAccount/platform/ci-deployer",
        "KW-NS-004 Namespace/shop",                           // no NetworkPolicy
        "KW-NS-004 Namespace/platform",
        "KW-NS-001 Namespace/shop",                           // no Pod Security Admission labels
        "KW-NS-001 Namespace/platform",
        "KW-ADM-001 ValidatingWebhookConfiguration/legacy-policy-webhook",  // fails open
        "KW-ADM-003 ValidatingWebhookConfiguration/legacy-policy-webhook"); // 30 s timeout
    // payments has a default-deny policy and PSA labels; catalog is the well-configured one.
    assertThat(open).doesNotContain("KW-NS-004 Namespace/payments", "KW-NS-001 Namespace/payments");
    assertThat(open).filteredOn(k -> k.contains("Deployment/shop/catalog"))
        .noneMatch(k -> k.startsWith("KW-PSS-") || k.startsWith("KW-IMG-003") || k.startsWith("KW-CTR-00")
            || k.startsWith("KW-SEC-"));
    // Pods collapse into their workloads: no finding is reported on a Pod or ReplicaSet the demo's workloads own.
    assertThat(open).noneMatch(k -> k.contains(" Pod/") || k.contains(" ReplicaSet/"));
  }

  @Test
  void findingsCarryTheRuleExplanationAndTheEngineKey() {
    JsonNode privileged = Misconfigurations.find(reader, prod, "KW-PSS-001", "Deployment/shop/frontend");
    assertThat(privileged.get("source").asString()).isEqualTo("posture");
    assertThat(privileged.get("key").asString()).isEqualTo("KW-PSS-001|Deployment/shop/frontend|web");
    assertThat(privileged.get("severity").asString()).isEqualTo("high");
    assertThat(privileged.get("details").asString()).contains("securityContext.privileged");
    JsonNode a = privileged.get("attributes");
    assertThat(a.get("remediation").asString()).isNotBlank();
    assertThat(a.get("description").asString()).isNotBlank();
    assertThat(a.get("references").size()).isPositive();
    assertThat(a.get("category").asString()).isEqualTo("Pod Security Standards (baseline)");
    assertThat(a.get("target").asString()).isEqualTo("container");
    assertThat(a.get("container").asString()).isEqualTo("web");
    assertThat(a.get("controls").isArray()).as("kept for compliance, empty until it lands").isTrue();
    assertThat(a.get("outcome").asString()).isEqualTo("fail");
    assertThat(a.get("location").get("file").asString()).endsWith("10-shop.yaml");
  }

  @Test
  void bothDemoClustersReportTheirEvaluationInTheStatus() {
    for (String cluster : List.of(prod, staging)) {
      JsonNode status = reader.get("/api/v1/clusters/" + cluster + "/status").json();
      JsonNode mis = StreamSupport.stream(status.get("capabilities").spliterator(), false)
          .filter(c -> c.get("capability").asString().equals("misconfigurations")).findFirst().orElseThrow();
      assertThat(mis.get("state").asString()).as(mis.toString()).isEqualTo("ok");
      assertThat(mis.get("detail").asString()).contains("rules on");
      assertThat(mis.get("lastRun").asString()).isNotBlank();
    }
    assertThat(Misconfigurations.openKeys(reader, staging)).isNotEmpty();
    JsonNode bar = reader.get("/api/v1/clusters/" + prod + "/findings-bar").json();
    JsonNode tile = StreamSupport.stream(bar.get("kinds").spliterator(), false)
        .filter(k -> k.get("kind").asString().equals("misconfiguration")).findFirst().orElseThrow();
    assertThat(tile.get("headline").get("text").asString()).endsWith("High misconfigurations");
  }

  @Test
  void theSarifExportValidatesAndMatchesTheEnginesOwnSarifForTheSameManifests() throws Exception {
    ApiClient.Response r = reader.get("/api/v1/clusters/" + prod + "/findings/export?format=sarif&kind=misconfiguration");
    assertThat(r.status()).isEqualTo(200);
    Path schemaFile = Path.of("../kubeward-posture/src/test/resources/schemas/sarif-2.1.0-rtm.5.json");
    Assumptions.assumeTrue(Files.isRegularFile(schemaFile), "SARIF schema not found at " + schemaFile);
    Schema schema;
    try (InputStream in = Files.newInputStream(schemaFile)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
    assertThat(schema.validate(r.body(), InputFormat.JSON)).as("schema violations").isEmpty();

    // The engine's own SARIF writer on the same bundled manifests.
    ManifestSet set = new ManifestLoader().load(List.of(Path.of("src/main/resources/demo/clusters/shop-prod")));
    ScanReport report = new PostureEngine(RuleSet.builtIn()).scan(set.toInventory());
    String engineSarif = ReportWriters.render(ReportWriters.forFormat("sarif").orElseThrow(), report,
        new ReportContext(RuleSet.builtIn(), Instant.EPOCH, "test"));
    JsonNode server = ApiClient.JSON.readTree(r.body()).get("runs").get(0);
    JsonNode engine = ApiClient.JSON.readTree(engineSarif).get("runs").get(0);
    assertThat(server.get("results").size()).isEqualTo(engine.get("results").size());
    Map<String, JsonNode> serverRules = byId(server.get("tool").get("driver").get("rules"));
    Map<String, JsonNode> engineRules = byId(engine.get("tool").get("driver").get("rules"));
    assertThat(serverRules.keySet()).isEqualTo(engineRules.keySet());
    for (String id : engineRules.keySet()) {
      for (String field : List.of("name", "fullDescription", "help", "helpUri", "defaultConfiguration")) {
        assertThat(serverRules.get(id).get(field)).as(id + " " + field).isEqualTo(engineRules.get(id).get(field));
      }
      assertThat(serverRules.get(id).get("properties").get("tags"))
          .isEqualTo(engineRules.get(id).get("properties").get("tags"));
    }
    JsonNode privileged = StreamSupport.stream(server.get("results").spliterator(), false)
        .filter(x -> x.get("ruleId").asString().equals("KW-PSS-001")).findFirst().orElseThrow();
    assertThat(privileged.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asString())
        .endsWith("shop-prod/10-shop.yaml");
    assertThat(privileged.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt())
        .isPositive();
  }

  private static Map<String, JsonNode> byId(JsonNode rules) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    rules.forEach(x -> out.put(x.get("id").asString(), x));
    return out;
  }

  @Test
  void theByRuleViewGroupsTheDemoFindings() {
    JsonNode groups = reader.get("/api/v1/clusters/" + prod + "/misconfigurations/by-rule").json();
    assertThat(groups.size()).isGreaterThan(20);
    assertThat(groups.get(0).get("severity").asString()).isEqualTo("high");
    JsonNode ns004 = StreamSupport.stream(groups.spliterator(), false)
        .filter(g -> g.get("ruleId").asString().equals("KW-NS-004")).findFirst().orElseThrow();
    assertThat(ns004.get("title").asString()).isEqualTo("Namespace has no NetworkPolicy");
    assertThat(ns004.get("category").asString()).isEqualTo("Network exposure");
    assertThat(ns004.get("resources").asLong()).isEqualTo(ns004.get("findings").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(reader.get("/api/v1/clusters/" + prod + "/misconfigurations/by-rule?severity=low").json())
        .allSatisfy(g -> assertThat(g.get("severity").asString()).isEqualTo("low"));
    assertThat(reader.get("/api/v1/clusters/" + prod + "/misconfigurations/by-rule?nonsense=1").status()).isEqualTo(400);
  }
}
