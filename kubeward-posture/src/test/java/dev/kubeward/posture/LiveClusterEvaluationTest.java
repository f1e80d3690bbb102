package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LiveClusterSource;
import dev.kubeward.model.NotEvaluated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The live source against fabric8's mock API server in CRUD mode: the initial list, then create, update and delete
 * events, show up in the findings; Secrets never keep their data; a forbidden kind is reported, not passed.
 */
@EnableKubernetesMockClient(crud = true)
class LiveClusterEvaluationTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static Deployment deployment(boolean privileged) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27")
        .withNewSecurityContext().withPrivileged(privileged).endSecurityContext().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  @Test
  void initialListThenCreateUpdateAndDeleteAreReflectedInFindings() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    client.apps().deployments().inNamespace("shop").resource(deployment(true)).create();
    client.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("db").withNamespace("shop")
        .endMetadata().addToData("password", "aHVudGVyMg==").build()).create();

    Inventory inventory = new Inventory();
    try (LiveClusterSource source = new LiveClusterSource(client, inventory)) {
      source.start(Duration.ofSeconds(30));
      LiveEvaluation live = LiveEvaluation.attach(inventory, new PostureEngine(RuleSet.builtIn()));
      assertThat(keys(live)).contains("KW-PSS-001|Deployment/shop/web|app", "KW-NS-001|Namespace/shop");

      KubeObject secret = inventory.find("Secret", "shop", "db").orElseThrow();
      assertThat(secret.json()).doesNotContain("aHVudGVyMg").doesNotContain("password");

      client.apps().deployments().inNamespace("shop").resource(deployment(false)).update();
      await(() -> !keys(live).contains("KW-PSS-001|Deployment/shop/web|app"), "privileged finding resolved after update");

      client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("anon")
          .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view")
          .endRoleRef().addNewSubject().withKind("User").withName("system:anonymous").endSubject().build()).create();
      await(() -> keys(live).contains("KW-RBAC-013|ClusterRoleBinding/anon"), "anonymous binding found after create");

      client.namespaces().withName("shop").delete();
      await(() -> !keys(live).contains("KW-NS-001|Namespace/shop"), "namespace finding gone after delete");
      client.rbac().clusterRoleBindings().withName("anon").delete();
      await(() -> !keys(live).contains("KW-RBAC-013|ClusterRoleBinding/anon"), "binding finding gone after delete");
    }
  }

  @Test
  void aKindTheCredentialsMayNotListIsNotEvaluatedForbidden() {
    server.expect().get().withPath("/api/v1/secrets?limit=1").andReturn(403,
        Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", "Forbidden", "code", 403,
            "message", "secrets is forbidden")).once();
    Inventory inventory = new Inventory();
    try (LiveClusterSource source = new LiveClusterSource(client, inventory)) {
      source.start(Duration.ofSeconds(30));
      assertThat(inventory.notEvaluatedKinds()).containsKey("Secret");
      NotEvaluated why = inventory.notEvaluatedKinds().get("Secret");
      assertThat(why.reason()).isEqualTo(NotEvaluated.Reason.FORBIDDEN);
      assertThat(why.describe()).startsWith("not evaluated: forbidden");
      ScanReport report = new PostureEngine(RuleSet.builtIn()).scan(inventory);
      assertThat(report.notEvaluated()).containsKey("Secret");
    }
  }

  static List<String> keys(LiveEvaluation live) {
    return live.findings().stream().map(Finding::key).toList();
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
