package dev.kubeward.server.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.MockKubeconfig;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.OpenApiResponseValidator;
import dev.kubeward.server.testing.TestServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
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
 * A live cluster (fabric8's mock API server in CRUD mode) read through a kubeconfig: the initial list, then create,
 * update and delete events, end up in the cluster's misconfiguration findings as the REST API shows them; quick fixes
 * and admission policies write back to it.
 */
@EnableKubernetesMockClient(crud = true)
class LiveMisconfigurationsIT {
  static KubernetesClient client;
  static KubernetesMockServer mock;
  static TestServer server;
  static ApiClient admin;
  static ApiClient reader;
  static ApiClient contributor;
  static Path roots;
  static Path kubeconfig;
  static String workspace;

  @BeforeAll
  static void start() throws Exception {
    roots = Files.createTempDirectory("kubeward-live-");
    server = TestServer.start("--kubeward.sources.allowed-roots=" + roots, "--kubeward.inventory.live-start-timeout=20s");
    admin = server.tokenWithRole("securityAdmin");
    reader = server.tokenWithRole("reader");
    contributor = server.tokenWithRole("contributor");
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Live")).json().get("id").asString();
    kubeconfig = MockKubeconfig.write(roots.resolve("kubeconfig"), client);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String connect(String name) {
    String id = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", name)).json().get("id").asString();
    Response loaded = admin.put("/api/v1/clusters/" + id + "/source",
        Map.of("mode", "kubeconfig", "kubeconfigPath", kubeconfig.toString(), "context", "mock"));
    assertThat(loaded.json().get("state").asString()).as(loaded.body()).isEqualTo("ready");
    return id;
  }

  static Deployment deployment(String ns, String name, boolean privileged, boolean hostPid) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().withHostPID(hostPid).addNewContainer().withName("app").withImage("registry.example/" + name + ":1")
        .withNewSecurityContext().withPrivileged(privileged).endSecurityContext().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  static void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  static void awaitOpen(String cluster, String finding, boolean open) {
    Awaitility.await(finding + (open ? " open" : " resolved")).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Misconfigurations.openKeys(reader, cluster).contains(finding) == open);
  }

  static void documented(String template, String method, Response r) {
    OpenApiResponseValidator validator = new OpenApiResponseValidator(reader.get("/api/openapi.json").json());
    assertThat(validator.problems(template, method, r.status(), r.json())).as(method + " " + template).isEmpty();
  }

  static JsonNode capability(String cluster, String name) {
    JsonNode status = reader.get("/api/v1/clusters/" + cluster + "/status").json();
    return StreamSupport.stream(status.get("capabilities").spliterator(), false)
        .filter(c -> c.get("capability").asString().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void initialListThenCreateUpdateAndDeleteEventsShowInTheFindings() {
    namespace("watch");
    client.apps().deployments().inNamespace("watch").resource(deployment("watch", "web", true, false)).create();
    String cluster = connect("watched");

    // Initial list.
    List<String> open = Misconfigurations.openKeys(reader, cluster);
    assertThat(open).contains("KW-PSS-001 Deployment/watch/web/app", "KW-NS-001 Namespace/watch");
    assertThat(capability(cluster, "misconfigurations").get("state").asString()).isEqualTo("ok");

    // Create: a new workload sharing the host's process namespace.
    client.apps().deployments().inNamespace("watch").resource(deployment("watch", "agent", false, true)).create();
    awaitOpen(cluster, "KW-PSS-002 Deployment/watch/agent", true);

    // Update: web no longer privileged; its finding is resolved, with the reason in its history.
    JsonNode privileged = Misconfigurations.find(reader, cluster, "KW-PSS-001", "Deployment/watch/web");
    client.apps().deployments().inNamespace("watch").resource(deployment("watch", "web", false, false)).update();
    awaitOpen(cluster, "KW-PSS-001 Deployment/watch/web/app", false);
    JsonNode resolved = reader.get("/api/v1/findings/" + privileged.get("id").asLong()).json();
    assertThat(resolved.get("status").asString()).isEqualTo("resolved");
    assertThat(resolved.get("present").asBoolean()).isFalse();
    assertThat(reader.get("/api/v1/findings/" + privileged.get("id").asLong() + "/history").json())
        .anySatisfy(h -> assertThat(h.get("comment").asString()).isEqualTo("no longer reported by posture"));

    // Delete: the agent's findings go with it.
    client.apps().deployments().inNamespace("watch").withName("agent").delete();
    awaitOpen(cluster, "KW-PSS-002 Deployment/watch/agent", false);
    assertThat(Misconfigurations.openKeys(reader, cluster)).noneMatch(k -> k.contains("Deployment/watch/agent"));

    // Update that brings a finding back reopens the same finding rather than creating another one.
    client.apps().deployments().inNamespace("watch").resource(deployment("watch", "web", true, false)).update();
    awaitOpen(cluster, "KW-PSS-001 Deployment/watch/web/app", true);
    assertThat(Misconfigurations.find(reader, cluster, "KW-PSS-001", "Deployment/watch/web").get("id").asLong())
        .isEqualTo(privileged.get("id").asLong());
  }

  @Test
  void aKindTheCredentialsMayNotListIsReportedAsNotEvaluated() {
    mock.expect().get().withPath("/api/v1/secrets?limit=1").andReturn(403,
        Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", "Forbidden", "code", 403,
            "message", "secrets is forbidden")).once();
    String cluster = connect("forbidden");
    JsonNode mis = capability(cluster, "misconfigurations");
    assertThat(mis.get("state").asString()).isEqualTo("notEvaluated");
    assertThat(mis.get("detail").asString()).contains("kinds not evaluated: Secret (forbidden)");
    assertThat(mis.get("lastRun").asString()).isNotBlank();
  }

  @Test
  void aClusterLevelFindingIsFixedOnlyOnConfirmationAndTheFixIsRecorded() {
    namespace("qf");
    String cluster = connect("quickfix");
    JsonNode finding = Misconfigurations.find(reader, cluster, "KW-NS-001", "Namespace/qf");
    long id = finding.get("id").asLong();
    String base = "/api/v1/findings/" + id + "/quick-fix";

    JsonNode preview = reader.get(base).json();
    assertThat(preview.get("available").asBoolean()).isTrue();
    assertThat(preview.get("applicable").asBoolean()).isTrue();
    assertThat(preview.get("description").asString()).isEqualTo("Add the label pod-security.kubernetes.io/enforce=baseline.");
    assertThat(preview.get("patch").toString())
        .isEqualTo("{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");
    assertThat(preview.get("operations").get(0).get("op").asString()).isEqualTo("test");
    String planId = preview.get("planId").asString();

    // Readers may look, not act.
    assertThat(reader.post(base + "/dry-run", Map.of("planId", planId)).status()).isEqualTo(403);
    assertThat(reader.post(base, Map.of("planId", planId, "confirm", true)).status()).isEqualTo(403);

    // The CRUD mock would store a dry run; answer it as the API server does.
    mock.expect().patch().withPath("/api/v1/namespaces/qf?dryRun=All").andReturn(200,
        new NamespaceBuilder(client.namespaces().withName("qf").get()).editMetadata()
            .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build()).once();
    Response dry = contributor.post(base + "/dry-run", Map.of("planId", planId));
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
    assertThat(dry.json().get("fixed").asBoolean()).isTrue();
    assertThat(dry.json().get("message").asString()).contains("nothing was changed");
    documented("/api/v1/findings/{id}/quick-fix/dry-run", "post", dry);
    assertThat(client.namespaces().withName("qf").get().getMetadata().getLabels())
        .doesNotContainKey("pod-security.kubernetes.io/enforce");

    // No confirmation, no change; a plan other than the previewed one is refused.
    Response unconfirmed = contributor.post(base, Map.of("planId", planId));
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.detail()).contains("explicit confirmation");
    assertThat(contributor.post(base, Map.of("planId", "0123456789abcdef01234567", "confirm", true)).status())
        .isEqualTo(409);
    assertThat(client.namespaces().withName("qf").get().getMetadata().getLabels())
        .doesNotContainKey("pod-security.kubernetes.io/enforce");

    Response applied = contributor.post(base, Map.of("planId", planId, "confirm", true, "comment", "PSA rollout"));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().get("fixed").asBoolean()).isTrue();
    assertThat(applied.json().get("finding").get("status").asString()).isEqualTo("resolved");
    documented("/api/v1/findings/{id}/quick-fix", "post", applied);
    assertThat(client.namespaces().withName("qf").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");

    JsonNode history = reader.get("/api/v1/findings/" + id + "/history").json();
    assertThat(history).anySatisfy(h -> {
      assertThat(h.get("field").asString()).isEqualTo("quickFix");
      assertThat(h.get("newValue").asString()).isEqualTo("applied");
      assertThat(h.get("comment").asString()).contains("enforce=baseline").contains("PSA rollout");
      assertThat(h.get("actor").asString()).isNotBlank();
    });
    assertThat(history).anySatisfy(h -> assertThat(h.get("newValue").asString()).isEqualTo("resolved"));
    List<ActivityLog.Entry> log = server.running().context().getBean(ActivityLog.class)
        .forTarget("finding", String.valueOf(id), 10);
    assertThat(log).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("finding.quickFix");
      assertThat(e.detail()).contains("KW-NS-001").contains("Namespace/qf").contains("pod-security.kubernetes.io/enforce");
    });

    // Fixed means nothing left to fix.
    assertThat(reader.get(base).json().get("available").asBoolean()).isFalse();
  }

  @Test
  void aWorkloadFindingIsFixedInItsManifestNotInTheCluster() {
    namespace("wl");
    client.apps().deployments().inNamespace("wl").resource(deployment("wl", "api", true, false)).create();
    String cluster = connect("workloads");
    long id = Misconfigurations.find(reader, cluster, "KW-PSS-001", "Deployment/wl/api").get("id").asLong();

    JsonNode preview = reader.get("/api/v1/findings/" + id + "/quick-fix").json();
    assertThat(preview.get("available").asBoolean()).isFalse();
    assertThat(preview.get("reason").asString()).contains("Download fixed manifest");

    Response fixed = reader.get("/api/v1/findings/" + id + "/fixed-manifest");
    assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
    assertThat(fixed.header("content-disposition")).contains("deployment-wl-api.fixed.yaml");
    assertThat(fixed.body()).contains("privileged: false").contains("name: api").contains("namespace: wl")
        .doesNotContain("resourceVersion").doesNotContain("managedFields").doesNotContain("uid:")
        .doesNotContain("creationTimestamp").doesNotContain("status:");
    assertThat(client.apps().deployments().inNamespace("wl").withName("api").get().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getSecurityContext().getPrivileged()).as("the cluster is left alone").isTrue();

    // The user's own YAML: every object failing the rule gets the fix, comments elsewhere survive.
    String mine = """
        # our GitOps copy
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: wl}
        data: {mode: fast}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: wl}
        spec:
          template:
            spec:
              containers:
              - name: app
                image: registry.example/api:1
                securityContext: {privileged: true}
        """;
    Response uploaded = reader.post("/api/v1/findings/" + id + "/fixed-manifest", Map.of("yaml", mine));
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
    assertThat(uploaded.json().get("yaml").asString()).contains("# our GitOps copy").contains("privileged: false")
        .doesNotContain("privileged: true");
    assertThat(uploaded.json().get("applied").get(0).asString()).contains("Deployment/wl/api container app");
    assertThat(reader.post("/api/v1/findings/" + id + "/fixed-manifest", Map.of("yaml", "kind: [")).json()
        .get("problems").size()).isEqualTo(1);
  }

  @Test
  void aRulesAdmissionPolicyIsAppliedAndRemovedWithThePolicyAgentOn() {
    String cluster = connect("policies");
    String base = "/api/v1/clusters/" + cluster + "/admission-policies/KW-PSS-001";

    JsonNode state = reader.get(base).json();
    assertThat(state.get("installable").asBoolean()).isTrue();
    assertThat(state.get("installed").asBoolean()).isFalse();
    assertThat(state.get("yaml").asString()).contains("kind: ValidatingAdmissionPolicy")
        .contains("kind: ValidatingAdmissionPolicyBinding").contains("name: kubeward-kw-pss-001");

    assertThat(server.tokenWithRole("contributor").put(base, Map.of("actions", List.of("Warn"))).status()).isEqualTo(403);
    Response applied = admin.put(base, Map.of("actions", List.of("Warn", "Audit")));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().get("installed").asBoolean()).isTrue();
    documented("/api/v1/clusters/{id}/admission-policies/{ruleId}", "put", applied);
    var binding = client.genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding")
        .withName("kubeward-kw-pss-001").get();
    assertThat(binding.get("spec").toString()).contains("validationActions=[Warn, Audit]");
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/admission-policies").json().get("installed").toString())
        .contains("kubeward-kw-pss-001");
    // The cluster sees its new binding, which only warns: the watch turns that into a finding of its own.
    awaitOpen(cluster, "KW-ADM-007 ValidatingAdmissionPolicyBinding/kubeward-kw-pss-001", true);

    assertThat(admin.put(base, Map.of("actions", List.of("Deny", "Warn"))).status()).isEqualTo(400);
    Response crossObject = admin.put("/api/v1/clusters/" + cluster + "/admission-policies/KW-NS-004", Map.of());
    assertThat(crossObject.status()).isEqualTo(409);
    assertThat(crossObject.detail()).contains("looks at other objects");

    assertThat(admin.delete(base).status()).isEqualTo(204);
    assertThat(reader.get(base).json().get("installed").asBoolean()).isFalse();
    assertThat(client.genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")
        .withName("kubeward-kw-pss-001").get()).isNull();

    admin.patch("/api/v1/clusters/" + cluster + "/settings", Map.of("values", Map.of("protection.policyAgent", false)));
    JsonNode off = reader.get(base).json();
    assertThat(off.get("installable").asBoolean()).isFalse();
    assertThat(off.get("reason").asString()).contains("policyAgent component is turned off for this cluster");
    Response refused = admin.put(base, Map.of("actions", List.of("Deny")));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.detail()).contains("policyAgent");
  }
}
