package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incremental evaluation follows cross-object dependencies: a change to one object updates the findings of others. */
class LiveEvaluationTest {
  final ManifestLoader loader = new ManifestLoader();

  KubeObject object(String yaml) {
    return loader.parse(yaml, "event.yaml").objects().get(0);
  }

  @Test
  void roleBindingAndNetworkPolicyChangesReachTheObjectsThatDependOnThem() {
    Inventory inventory = loader.parse("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: web-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
        subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
        """, "cluster.yaml").toInventory();
    LiveEvaluation live = LiveEvaluation.attach(inventory, new PostureEngine(RuleSet.builtIn()));
    List<FindingsDelta> deltas = new ArrayList<>();
    live.onChange(deltas::add);
    assertThat(keys(live)).doesNotContain("KW-RBAC-023|ServiceAccount/shop/web").contains("KW-NS-004|Namespace/shop");

    // The role gains Secrets: the ServiceAccount bound to it now reads every Secret.
    inventory.put(object("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        rules: [{apiGroups: [""], resources: [pods, secrets], verbs: [get, list]}]
        """));
    assertThat(keys(live)).contains("KW-RBAC-023|ServiceAccount/shop/web");
    assertThat(deltas).anySatisfy(d -> assertThat(d.added()).extracting(Finding::key)
        .contains("KW-RBAC-023|ServiceAccount/shop/web"));

    // The binding goes away: so does the finding.
    inventory.remove(inventory.find("ClusterRoleBinding", "", "web-reader").orElseThrow().ref());
    assertThat(keys(live)).doesNotContain("KW-RBAC-023|ServiceAccount/shop/web");

    // A NetworkPolicy appears in the namespace: "no NetworkPolicy" is resolved.
    inventory.put(object("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        """));
    assertThat(keys(live)).doesNotContain("KW-NS-004|Namespace/shop", "KW-NS-005|Namespace/shop");
    assertThat(inventory.graph().bindingsOfRole(inventory.find("ClusterRole", "", "reader").orElseThrow())).isEmpty();
  }

  @Test
  void podsOfAWorkloadCollapseIntoItAndStandAloneOnceItIsGone() {
    Inventory inventory = loader.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          namespace: shop
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]
        spec: {containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}
        """, "cluster.yaml").toInventory();
    LiveEvaluation live = LiveEvaluation.attach(inventory, new PostureEngine(RuleSet.builtIn()));
    assertThat(keys(live)).contains("KW-PSS-001|Deployment/shop/web|app").doesNotContain("KW-PSS-001|Pod/shop/web-1|app");
    inventory.remove(inventory.find("Deployment", "shop", "web").orElseThrow().ref());
    assertThat(keys(live)).contains("KW-PSS-001|Pod/shop/web-1|app").doesNotContain("KW-PSS-001|Deployment/shop/web|app");
  }

  static List<String> keys(LiveEvaluation live) {
    return live.findings().stream().map(Finding::key).toList();
  }
}
