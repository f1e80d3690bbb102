package dev.kubeward.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.MockKubeconfig;
import dev.kubeward.server.testing.ApiClient.Response;
import dev.kubeward.server.testing.TestServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Clusters read from manifests and from a live API (fabric8's mock server in CRUD mode), through the REST API. */
@EnableKubernetesMockClient(crud = true)
class ClusterInventoryIT {
  static KubernetesClient client;
  static TestServer server;
  static ApiClient admin;
  static Path roots;
  static String workspace;

  @BeforeAll
  static void start() throws Exception {
    roots = Files.createTempDirectory("kubeward-sources-");
    server = TestServer.start("--kubeward.sources.allowed-roots=" + roots, "--kubeward.inventory.live-start-timeout=20s");
    admin = server.tokenWithRole("securityAdmin");
    workspace = admin.post("/api/v1/workspaces", Map.of("name", "Inventories")).json().get("id").asString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String cluster(String name) {
    return admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", name)).json().get("id").asString();
  }

  @Test
  void aFolderOfManifestsLoadsAndItsBrokenDocumentsAreReportedWithFileAndLine() throws Exception {
    String id = cluster("gitops");
    Path dir = Files.createDirectories(roots.resolve("gitops"));
    Files.writeString(dir.resolve("app.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: web, image: nginx:1.25}]
        """);
    Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n");

    Response loaded = admin.put("/api/v1/clusters/" + id + "/source", Map.of("mode", "manifests", "manifestsPath", dir.toString()));
    assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
    assertThat(loaded.json().get("state").asString()).isEqualTo("ready");

    JsonNode inv = admin.get("/api/v1/clusters/" + id + "/inventory").json();
    assertThat(inv.get("objectsByKind").get("Deployment").asLong()).isEqualTo(1);
    assertThat(inv.get("objectsByKind").get("Namespace").asLong()).isEqualTo(1);
    JsonNode problem = inv.get("problems").get(0);
    assertThat(problem.get("file").asString()).endsWith("broken.yaml");
    // The parser notices the unclosed flow sequence where the input ends.
    assertThat(problem.get("line").asInt()).isEqualTo(4);
    assertThat(admin.get("/api/v1/clusters/" + id + "/source").json().get("mode").asString()).isEqualTo("manifests");
  }

  @Test
  void aLiveClusterIsListedThroughItsKubeconfig() throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments").endMetadata().build()).create();
    client.apps().deployments().inNamespace("payments").resource(new DeploymentBuilder().withNewMetadata()
        .withName("api").withNamespace("payments").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("api").withImage("registry.example/api:1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    Path kubeconfig = MockKubeconfig.write(roots.resolve("kubeconfig"), client);
    String id = cluster("live");
    Response loaded = admin.put("/api/v1/clusters/" + id + "/source",
        Map.of("mode", "kubeconfig", "kubeconfigPath", kubeconfig.toString(), "context", "mock"));
    assertThat(loaded.json().get("state").asString()).as(loaded.body()).isEqualTo("ready");
    JsonNode inv = admin.get("/api/v1/clusters/" + id + "/inventory").json();
    assertThat(inv.get("objectsByKind").get("Deployment").asLong()).isEqualTo(1);
    assertThat(inv.get("source").get("kubeconfigPath").asString()).isEqualTo(kubeconfig.toString());
  }

  @Test
  void pathsOutsideTheAllowedFoldersAreRefused() {
    String id = cluster("sneaky");
    Response r = admin.put("/api/v1/clusters/" + id + "/source", Map.of("mode", "manifests", "manifestsPath", "/etc/passwd"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.detail()).startsWith("'manifestsPath' must lie inside one of the folders the server may read");
    Response missing = admin.put("/api/v1/clusters/" + id + "/source",
        Map.of("mode", "kubeconfig", "kubeconfigPath", roots.resolve("nope").toString()));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.detail()).contains("does not exist or is not readable");
    assertThat(server.tokenWithRole("contributor").put("/api/v1/clusters/" + id + "/source",
        Map.of("mode", "none")).status()).isEqualTo(403);
  }

  @Test
  void turningKubernetesApiAccessOffDropsTheInventoryAndSaysWhy() throws Exception {
    String id = cluster("switched");
    Path dir = Files.createDirectories(roots.resolve("switched"));
    Files.writeString(dir.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
    admin.put("/api/v1/clusters/" + id + "/source", Map.of("mode", "manifests", "manifestsPath", dir.toString()));
    admin.patch("/api/v1/clusters/" + id + "/settings", Map.of("values", Map.of("protection.kubernetesApiAccess", false)));
    JsonNode state = admin.post("/api/v1/clusters/" + id + "/inventory/refresh", Map.of()).json();
    assertThat(state.get("state").asString()).isEqualTo("component_off");
    assertThat(state.get("detail").asString()).isEqualTo("the kubernetesApiAccess component is turned off for this cluster");
    assertThat(admin.get("/api/v1/clusters/" + id + "/inventory").json().get("objectsByKind").size()).isZero();
    JsonNode status = admin.get("/api/v1/clusters/" + id + "/status").json();
    JsonNode inventory = status.get("capabilities").valueStream()
        .filter(c -> c.get("capability").asString().equals("inventory")).findFirst().orElseThrow();
    assertThat(inventory.get("state").asString()).isEqualTo("componentOff");
  }
}
