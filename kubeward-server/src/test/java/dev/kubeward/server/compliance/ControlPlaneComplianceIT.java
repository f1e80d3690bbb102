package dev.kubeward.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.compliance.components.ComponentChecks;
import dev.kubeward.compliance.components.KubeletConfigz;
import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.MockKubeconfig;
import dev.kubeward.server.testing.TestServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The CIS control-plane and kubelet controls of a live cluster (fabric8's mock API server in CRUD mode): kubeadm
 * static pods in kube-system decide the API server and etcd flags; the kubelet controls stay "not evaluated: off"
 * until the compliance.kubeletConfig setting is on, then the node proxy's configz (served by expectation) decides them.
 */
@EnableKubernetesMockClient(crud = true)
class ControlPlaneComplianceIT {
  static KubernetesClient client;
  static KubernetesMockServer mock;
  static TestServer server;
  static ApiClient admin;
  static ApiClient reader;
  static Path roots;

  static final Map<String, String> FIXTURES =
      ClasspathFolder.read(ComponentChecks.FIXTURES, ControlPlaneComplianceIT.class.getClassLoader());

  @BeforeAll
  static void start() throws Exception {
    roots = Files.createTempDirectory("kubeward-cp-");
    server = TestServer.start("--kubeward.sources.allowed-roots=" + roots, "--kubeward.inventory.live-start-timeout=20s");
    admin = server.tokenWithRole("securityAdmin");
    reader = server.tokenWithRole("reader");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void create(String fixture) {
    Pod pod = Serialization.unmarshal(FIXTURES.get(fixture), Pod.class);
    client.pods().inNamespace("kube-system").resource(pod).create();
  }

  static JsonNode control(String base, String id) {
    return reader.get(base + "/standards/cis-kubernetes/controls/" + id).json();
  }

  @Test
  void staticPodsDecideTheFlagsAndConfigzTheKubeletOnceTurnedOn() throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata()
        .build()).create();
    create("KW-CP-015/fail.yaml");   // a kubeadm API server that leaves --profiling at its default (true)
    create("KW-ETCD-002/pass.yaml");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build()).create();
    mock.expect().get().withPath(KubeletConfigz.path("node-1"))
        .andReturn(200, dev.kubeward.inventory.ObjectTree.toJson(
            new org.yaml.snakeyaml.Yaml().<Map<String, Object>>load(FIXTURES.get("KW-KLT-004/fail.yaml")))).always();

    String workspace = admin.post("/api/v1/workspaces", Map.of("name", "Control plane")).json().get("id").asString();
    String cluster = admin.post("/api/v1/workspaces/" + workspace + "/clusters", Map.of("name", "kubeadm"))
        .json().get("id").asString();
    Path kubeconfig = MockKubeconfig.write(roots.resolve("kubeconfig"), client);
    assertThat(admin.put("/api/v1/clusters/" + cluster + "/source",
        Map.of("mode", "kubeconfig", "kubeconfigPath", kubeconfig.toString(), "context", "mock")).json()
        .get("state").asString()).isEqualTo("ready");
    String base = "/api/v1/clusters/" + cluster + "/compliance";
    Awaitility.await("compliance evaluated").atMost(Duration.ofSeconds(30))
        .until(() -> reader.get(base).json().path("evaluated").asBoolean(false));

    JsonNode profiling = control(base, "1.2.15");
    assertThat(profiling.get("status").asString()).isEqualTo("failed");
    assertThat(profiling.toString()).contains("kube-apiserver-cp-1", "KW-CP-015");
    assertThat(profiling.get("recommendations").get(0).get("source").asString()).isEqualTo("check");
    assertThat(control(base, "1.2.1").get("status").asString()).isEqualTo("passed");
    assertThat(control(base, "2.2").get("status").asString()).isEqualTo("passed");
    // the scheduler runs elsewhere here: not evaluated, never passed
    assertThat(control(base, "1.4.1").get("notEvaluatedDetail").asString())
        .contains("no static kube-scheduler pod visible");
    assertThat(control(base, "4.2.4").get("notEvaluatedDetail").asString())
        .isEqualTo("reading kubelet configuration is off (setting compliance.kubeletConfig)");
    // the failing control is reported like any other, on the static pod
    assertThat(reader.get(base + "/failing?limit=500").body()).contains("\"controlId\":\"1.2.15\"");

    assertThat(admin.patch("/api/v1/clusters/" + cluster + "/settings",
        Map.of("values", Map.of("compliance.kubeletConfig", true))).status()).isEqualTo(200);
    server.running().context().getBean(ComponentFactsService.class).readKubelets(cluster);
    JsonNode readOnlyPort = control(base, "4.2.4");
    assertThat(readOnlyPort.get("status").asString()).as(readOnlyPort.toString()).isEqualTo("failed");
    assertThat(readOnlyPort.toString()).contains("Node", "node-1", "10255");
    assertThat(control(base, "4.2.1").get("status").asString()).isEqualTo("passed");
  }
}
