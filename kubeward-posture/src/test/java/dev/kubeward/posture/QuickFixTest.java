package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ObjectTree;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quick fixes end to end: patched manifests for workload findings, and planned, dry-run and applied patches for
 * cluster findings against fabric8's mock API server; admission policies installed and removed the same way.
 */
@EnableKubernetesMockClient(crud = true)
class QuickFixTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  final PostureEngine engine = new PostureEngine(RuleSet.builtIn());

  static final String MANIFEST = """
      # the web tier
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: app
              image: nginx:1.27
              securityContext:
                privileged: true
            - name: sidecar
              image: envoy:1.30
      ---
      # untouched document, comments kept
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec: {selector: {app: web}, ports: [{port: 80}]}
      """;

  @Test
  void aWorkloadFindingIsFixedInTheUsersManifest() {
    ManifestFixer.Result result = new ManifestFixer(engine).fix(MANIFEST, "app.yaml", "KW-PSS-001");
    assertThat(result.applied()).singleElement().satisfies(f -> {
      assertThat(f.container()).isEqualTo("app");
      assertThat(f.patch()).isEqualTo(Map.of("securityContext", Map.of("privileged", false)));
    });
    assertThat(result.text()).contains("privileged: false").contains("# untouched document, comments kept")
        .contains("spec: {selector: {app: web}, ports: [{port: 80}]}");
    assertThat(new PostureEngine(RuleSet.builtIn()).scan(new ManifestLoader().parse(result.text(), "fixed.yaml").toInventory())
        .findings()).noneMatch(f -> f.ruleId().equals("KW-PSS-001"));

    ManifestFixer.Result hardened = new ManifestFixer(engine).fix(MANIFEST, "app.yaml", "KW-PSS-021");
    assertThat(hardened.applied()).extracting(ManifestFixer.AppliedFix::container).containsExactly("app", "sidecar");
    ManifestFixer.Result noFix = new ManifestFixer(engine).fix(MANIFEST, "app.yaml", "KW-IMG-003");
    assertThat(noFix.changed()).isFalse();
    assertThat(noFix.unfixable()).hasSize(2);
    assertThat(noFix.text()).isEqualTo(MANIFEST);
  }

  @Test
  void clusterFindingsArePlannedDryRunAppliedAndRechecked() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    client.serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata().withName("default")
        .withNamespace("shop").endMetadata().build()).create();
    client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("anon")
        .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view")
        .endRoleRef().addNewSubject().withKind("User").withName("system:anonymous").endSubject()
        .addNewSubject().withKind("Group").withName("ops").endSubject().build()).create();

    Inventory inventory = new Inventory();
    for (Object o : new Object[] {client.namespaces().withName("shop").get(),
        client.serviceAccounts().inNamespace("shop").withName("default").get(),
        client.rbac().clusterRoleBindings().withName("anon").get()}) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = client.getKubernetesSerialization().convertValue(o, Map.class);
      inventory.put(KubeObject.of(tree, null));
    }
    ScanReport report = engine.scan(inventory);
    QuickFixPlanner planner = new QuickFixPlanner(engine);
    QuickFixApplier applier = new QuickFixApplier(client, engine);

    Finding psa = find(report, "KW-NS-001");
    QuickFixPlan plan = planner.plan(inventory, psa).orElseThrow();
    assertThat(plan.patchJson()).isEqualTo("{\"metadata\":{\"labels\":{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}}");
    assertThat(plan.jsonPatch()).startsWith("[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\"")
        .contains("{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"pod-security.kubernetes.io/enforce\":\"baseline\"}}");
    // The CRUD mock stores dry runs; a real API server does not. Answer the dry run as the API server would.
    server.expect().patch().withPath("/api/v1/namespaces/shop?dryRun=All").andReturn(200,
        new NamespaceBuilder(client.namespaces().withName("shop").get()).editMetadata()
            .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build()).once();
    QuickFixApplier.Outcome dry = applier.dryRun(plan, inventory);
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.fixed()).isTrue();
    assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels()).as("dry run changed nothing")
        .doesNotContainKey("pod-security.kubernetes.io/enforce");
    QuickFixApplier.Outcome applied = applier.apply(plan, inventory);
    assertThat(applied.fixed()).isTrue();
    assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    assertThat(engine.evaluate(inventory, inventory.find("Namespace", "", "shop").orElseThrow(), "KW-NS-001")).isEmpty();

    Finding anonymous = find(report, "KW-RBAC-013");
    QuickFixApplier.Outcome removed = applier.apply(planner.plan(inventory, anonymous).orElseThrow(), inventory);
    assertThat(removed.fixed()).isTrue();
    assertThat(client.rbac().clusterRoleBindings().withName("anon").get().getSubjects())
        .extracting(s -> s.getName()).containsExactly("ops");

    Finding automount = find(report, "KW-RBAC-028");
    assertThat(applier.apply(planner.plan(inventory, automount).orElseThrow(), inventory).fixed()).isTrue();
    assertThat(client.serviceAccounts().inNamespace("shop").withName("default").get().getAutomountServiceAccountToken())
        .isFalse();

    assertThat(planner.canFix(find(report, "KW-NS-004"))).as("no automatic fix for a missing NetworkPolicy").isFalse();

    // A plan made from a stale object fails its resourceVersion test. The CRUD mock does not answer a failed JSON
    // Patch test, so reply as the API server does (422 with json-patch's message).
    QuickFixPlan stale = planner.plan(inventory, find(report, "KW-NS-003")).orElseThrow();
    assertThat(stale.operations().get(0)).containsEntry("op", "test").containsEntry("path", "/metadata/resourceVersion");
    server.expect().patch().withPath("/api/v1/namespaces/shop").andReturn(422, Map.of("kind", "Status",
        "apiVersion", "v1", "status", "Failure", "code", 422, "reason", "Invalid",
        "message", "testing value /metadata/resourceVersion failed: test failed")).once();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> applier.apply(stale, inventory))
        .isInstanceOf(QuickFixApplier.QuickFixException.class)
        .hasMessageContaining("the object changed since the fix was planned");
  }

  @Test
  void admissionPoliciesAreInstalledAndRemoved() {
    AdmissionPolicy policy = new AdmissionPolicyExporter(RuleSet.builtIn())
        .export("KW-PSS-001", EnumSet.of(AdmissionPolicy.Action.DENY)).orElseThrow();
    AdmissionPolicyApplier applier = new AdmissionPolicyApplier(client);
    applier.apply(policy);
    applier.apply(policy);
    assertThat(applier.installed(policy)).isTrue();
    var binding = client.genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding")
        .withName("kubeward-kw-pss-001").get();
    assertThat(ObjectTree.list(ObjectTree.normalize(binding.getAdditionalProperties()), "spec", "validationActions"))
        .containsExactly("Deny");
    assertThat(applier.remove(policy)).isTrue();
    assertThat(applier.installed(policy)).isFalse();
  }

  private static Finding find(ScanReport report, String ruleId) {
    return report.findings().stream().filter(f -> f.ruleId().equals(ruleId)).findFirst()
        .orElseThrow(() -> new AssertionError("no finding of " + ruleId));
  }
}
