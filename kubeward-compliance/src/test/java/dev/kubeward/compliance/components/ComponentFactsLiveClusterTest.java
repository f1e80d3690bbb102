package dev.kubeward.compliance.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.compliance.ComplianceAssessor;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.ControlStatus;
import dev.kubeward.compliance.Standards;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.RuleSet;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Component facts from a cluster: fabric8's mock API server in CRUD mode holds real kubeadm/minikube static pod
 * manifests (from the shared data's regolibrary cases) and Nodes, and answers the node proxy's configz path by
 * expectation, as a kubelet does through the API server.
 */
@EnableKubernetesMockClient(crud = true)
class ComponentFactsLiveClusterTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static final Path CASES = Path.of(System.getProperty("kubeward.shared.data", "../shared/data"))
      .resolve("posture-cases/regolibrary/rules");
  static final Instant AT = Instant.parse("2026-11-29T08:00:00Z");
  static final Standard CIS = Standards.builtIn().get("cis-kubernetes").orElseThrow();

  static final String CONFIGZ = """
      {"kubeletconfig": {"enableServer": true, "staticPodPath": "/etc/kubernetes/manifests", "readOnlyPort": 0,
        "authentication": {"x509": {"clientCAFile": "/var/lib/minikube/certs/ca.crt"},
          "webhook": {"enabled": true, "cacheTTL": "2m0s"}, "anonymous": {"enabled": false}},
        "authorization": {"mode": "Webhook", "webhook": {"cacheAuthorizedTTL": "5m0s"}},
        "eventRecordQPS": 50, "streamingConnectionIdleTimeout": "4h0m0s", "makeIPTablesUtilChains": true,
        "rotateCertificates": true, "podPidsLimit": -1, "cgroupDriver": "systemd"}}
      """;

  @BeforeEach
  void namespace() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata()
        .build()).createOr(r -> r.update());
  }

  static void loadStaticPod(String caseFile) throws Exception {
    Path file = CASES.resolve(caseFile);
    Assumptions.assumeTrue(Files.isRegularFile(file), "shared data not found at " + file + "; skipping");
    Pod pod = Serialization.unmarshal(Files.readString(file), Pod.class);
    pod.getMetadata().setResourceVersion(null);
    client.pods().inNamespace("kube-system").resource(pod).createOr(r -> r.update());
  }

  static Inventory inventory() {
    Inventory inventory = new Inventory();
    try (LiveClusterSource source = new LiveClusterSource(client, inventory)) {
      source.start(Duration.ofSeconds(30));
    }
    return inventory;
  }

  static List<KubeObject> pods(Inventory inventory) {
    return inventory.ofKind("Pod").toList();
  }

  static ControlResult control(ComplianceResult r, String id) {
    return r.controls().stream().filter(c -> c.control().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void staticPodsAndConfigzDecideTheControlPlaneAndKubeletControls() throws Exception {
    loadStaticPod("ensure-that-the-api-server-client-ca-file-argument-is-set-as-appropriate/test/passed/input/1.yaml");
    loadStaticPod("ensure-that-the-controller-manager-use-service-account-credentials-argument-is-set-to-true/test/"
        + "passed/input/1.yaml");
    loadStaticPod("ensure-that-the-scheduler-bind-address-argument-is-set-to-127.0.0.1/test/passed/input/1.yaml");
    loadStaticPod("etcd-tls-enabled/test/test-passed/input/etcdpod.yaml");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("minikube").endMetadata().build())
        .createOr(r -> r.update());
    server.expect().get().withPath(KubeletConfigz.path("minikube")).andReturn(200, CONFIGZ).always();

    Inventory inventory = inventory();
    ComponentFacts.Builder b = ComponentFacts.builder().staticPods(pods(inventory));
    KubeletConfigz.read(client, List.of("minikube")).applyTo(b);
    ComponentFacts facts = b.build();
    assertThat(facts.facts()).extracting(f -> f.kind().kind()).containsExactlyInAnyOrder(
        "KubeAPIServer", "KubeControllerManager", "KubeScheduler", "Etcd", "KubeletConfiguration");
    assertThat(facts.notEvaluated()).isEmpty();

    ComponentReport report = ComponentChecks.builtIn().evaluate(facts);
    ComplianceResult cis = new ComplianceAssessor(RuleSet.builtIn())
        .assess(CIS, ComplianceAssessor.index(List.of(), report), Map.of(), AT);
    // minikube's API server: no --anonymous-auth=false, profiling on, Node,RBAC, client CA set
    assertThat(control(cis, "1.2.1").status()).isEqualTo(ControlStatus.FAILED);
    assertThat(control(cis, "1.2.1").failing().get(0).resources().get(0).resource().key())
        .isEqualTo("Pod/kube-system/kube-apiserver-minikube");
    assertThat(control(cis, "1.2.15").status()).isEqualTo(ControlStatus.FAILED);
    assertThat(control(cis, "1.2.6").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "1.2.7").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "1.2.8").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "1.2.25").status()).isEqualTo(ControlStatus.PASSED);
    // NamespaceLifecycle and ServiceAccount are on by default and not disabled
    assertThat(control(cis, "1.2.12").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "1.3.3").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "1.3.2").status()).isEqualTo(ControlStatus.FAILED);
    assertThat(control(cis, "1.4.2").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "2.2").status()).isEqualTo(ControlStatus.PASSED);
    // the etcd case lacks --peer-cert-file
    assertThat(control(cis, "2.4").status()).isEqualTo(ControlStatus.FAILED);
    // kubelet: anonymous off, Webhook, read-only port closed; no pod PID limit
    assertThat(control(cis, "4.2.1").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "4.2.2").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "4.2.4").status()).isEqualTo(ControlStatus.PASSED);
    assertThat(control(cis, "4.2.13").status()).isEqualTo(ControlStatus.FAILED);
    assertThat(control(cis, "4.2.13").failing().get(0).resources().get(0).resource().key()).isEqualTo("Node/minikube");
    // files on the hosts stay manual
    assertThat(control(cis, "1.1.1").status()).isEqualTo(ControlStatus.MANUAL);
  }

  @Test
  void managedControlPlaneAndForbiddenConfigzAreNotEvaluatedWithTheReason() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gke-pool-1").endMetadata().build())
        .createOr(r -> r.update());
    server.expect().get().withPath(KubeletConfigz.path("gke-pool-1"))
        .andReturn(403, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", "Forbidden",
            "message", "nodes \"gke-pool-1\" is forbidden: User \"system:serviceaccount:kubeward:kubeward\" cannot get"
                + " resource \"nodes/proxy\"", "code", 403)).always();
    server.expect().get().withPath(KubeletConfigz.path("gke-pool-2")).andReturn(200, CONFIGZ).always();

    Inventory inventory = inventory();
    ComponentFacts.Builder b = ComponentFacts.builder().staticPods(pods(inventory));
    KubeletConfigz.read(client, List.of("gke-pool-1", "gke-pool-2")).applyTo(b);
    ComponentFacts facts = b.build();
    assertThat(facts.notEvaluated().get("KubeAPIServer").detail())
        .isEqualTo("no static kube-apiserver pod visible in kube-system: managed control plane, or kube-apiserver"
            + " does not run as a static pod");
    NotEvaluated kubelet = facts.notEvaluated().get("KubeletConfiguration");
    assertThat(kubelet.reason()).isEqualTo(NotEvaluated.Reason.FORBIDDEN);
    assertThat(kubelet.detail()).startsWith("configz could not be read on 2 of 2 nodes: gke-pool-1: forbidden"
        + " (configz forbidden (403): the credentials may not get nodes/proxy)");

    ComplianceResult cis = new ComplianceAssessor(RuleSet.builtIn()).assess(CIS,
        ComplianceAssessor.index(List.of(), ComponentChecks.builtIn().evaluate(facts)), Map.of(), AT);
    ControlResult anonymous = control(cis, "1.2.1");
    assertThat(anonymous.status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(anonymous.notEvaluated().orElseThrow().detail()).contains("managed control plane");
    assertThat(control(cis, "2.2").notEvaluated().orElseThrow().detail()).contains("external or managed etcd");
    assertThat(control(cis, "4.2.1").status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    assertThat(control(cis, "4.2.1").notEvaluated().orElseThrow().detail()).contains("configz forbidden");
    assertThat(cis.controls()).noneMatch(c -> c.control().section().matches("1\\.[234]|2|4\\.2")
        && c.status() == ControlStatus.PASSED);
  }

  @Test
  void configzErrorsAndBrokenResponsesAreNotEvaluatedNeverPassed() {
    server.expect().get().withPath(KubeletConfigz.path("down")).andReturn(503, "kubelet unreachable").always();
    server.expect().get().withPath(KubeletConfigz.path("odd")).andReturn(200, "{\"kubeletconfig\": [1, 2]}").always();
    ComponentFacts.Builder b = ComponentFacts.builder().staticPods(List.of());
    KubeletConfigz.read(client, List.of("down", "odd")).applyTo(b);
    NotEvaluated why = b.build().notEvaluated().get("KubeletConfiguration");
    assertThat(why.reason()).isEqualTo(NotEvaluated.Reason.ERROR);
    assertThat(why.detail()).contains("down: error (configz failed (HTTP 503)", "odd: error (configz response has no"
        + " 'kubeletconfig' object)");
  }
}
