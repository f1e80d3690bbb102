package dev.kubeward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The relationships later capabilities rely on, on a small cluster dump. */
class ResourceGraphTest {
  static final String DUMP = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, uid: d1}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web, tier: front}}
            spec:
              serviceAccountName: web
              containers:
              - {name: app, image: "ghcr.io/acme/web:1.2"}
              - {name: proxy, image: "envoyproxy/envoy@sha256:1111111111111111111111111111111111111111111111111111111111111111"}
              initContainers:
              - {name: init, image: busybox}
      - apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web-5d4
          namespace: shop
          uid: r1
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]
        spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: "ghcr.io/acme/web:1.2"}]}}}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web-5d4-abc
          namespace: shop
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4, uid: r1, controller: true}]
        spec: {containers: [{name: app, image: "ghcr.io/acme/web:1.2"}]}
        status:
          containerStatuses:
          - {name: app, imageID: "ghcr.io/acme/web@sha256:2222222222222222222222222222222222222222222222222222222222222222"}
      - apiVersion: v1
        kind: Pod
        metadata: {name: debug, namespace: shop, labels: {app: debug}}
        spec: {containers: [{name: sh, image: "alpine:3.20"}]}
      - apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {selector: {app: web}, ports: [{port: 80}]}
      - apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          rules:
          - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
      - apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: front, namespace: shop}
        spec: {podSelector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}}
      - apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: aggregate}
        aggregationRule: {clusterRoleSelectors: [{matchLabels: {agg: "true"}}]}
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: secrets-reader, labels: {agg: "true"}}
        rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: web-aggregate}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: aggregate}
        subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: pods, namespace: shop}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: all-sas, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods}
        subjects: [{kind: Group, name: "system:serviceaccounts:shop"}]
      - apiVersion: v1
        kind: Node
        metadata: {name: n1}
        status: {nodeInfo: {kubeletVersion: v1.30.2, containerRuntimeVersion: "containerd://1.7.13", kernelVersion: 6.1.0, osImage: Debian 12, operatingSystem: linux, architecture: amd64}}
      """;

  final Inventory inventory = new ManifestLoader().parse(DUMP, "dump.yaml").toInventory();
  final ResourceGraph graph = inventory.graph();

  @Test
  void podsCollapseToTheirTopLevelWorkloadWithContainersImagesAndDigests() {
    KubeObject pod = inventory.find("Pod", "shop", "web-5d4-abc").orElseThrow();
    assertThat(graph.topLevelOwner(pod).ref().key()).isEqualTo("Deployment/shop/web");
    assertThat(graph.workloads()).extracting(w -> w.ref().key()).containsExactly("Deployment/shop/web", "Pod/shop/debug");
    Workload web = graph.workloads().get(0);
    assertThat(web.serviceAccount()).isEqualTo("web");
    assertThat(web.containers()).extracting(ContainerInfo::name, ContainerInfo::type, c -> c.image().name(), c -> c.image().digest())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("app", "containers", "ghcr.io/acme/web", "sha256:" + "2".repeat(64)),
            org.assertj.core.groups.Tuple.tuple("proxy", "containers", "docker.io/envoyproxy/envoy", "sha256:" + "1".repeat(64)),
            org.assertj.core.groups.Tuple.tuple("init", "initContainers", "docker.io/library/busybox", ""));
  }

  @Test
  void servicesIngressesAndNetworkPoliciesConnectToWorkloads() {
    Workload web = graph.workloads().get(0);
    KubeObject svc = inventory.find("Service", "shop", "web").orElseThrow();
    assertThat(graph.servicesSelecting(web)).containsExactly(svc);
    assertThat(graph.workloadsSelectedBy(svc)).extracting(w -> w.ref().name()).containsExactly("web");
    KubeObject ing = inventory.find("Ingress", "shop", "web").orElseThrow();
    assertThat(graph.servicesOfIngress(ing)).containsExactly(svc);
    assertThat(graph.ingressesRoutingTo(svc)).containsExactly(ing);
    assertThat(graph.networkPoliciesCovering(web)).extracting(o -> o.ref().name()).containsExactly("front");
    assertThat(graph.networkPoliciesCovering(graph.workloads().get(1))).isEmpty();
  }

  @Test
  void serviceAccountPermissionsFollowBindingsGroupsAndAggregatedRoles() {
    List<Permission> perms = graph.permissionsOf(Subject.serviceAccount("shop", "web"));
    assertThat(perms).anySatisfy(p -> {
      assertThat(p.clusterWide()).isTrue();
      assertThat(p.allows("list", "", "secrets", "")).isTrue();
      assertThat(p.binding().name()).isEqualTo("web-aggregate");
    });
    assertThat(perms).anySatisfy(p -> {
      assertThat(p.namespace()).isEqualTo("shop");
      assertThat(p.allows("get", "", "pods", "shop")).isTrue();
      assertThat(p.allows("get", "", "pods", "other")).isFalse();
    });
    inventory.remove(inventory.find("ClusterRoleBinding", "", "web-aggregate").orElseThrow().ref());
    assertThat(graph.permissionsOf(Subject.serviceAccount("shop", "web"))).noneMatch(Permission::clusterWide);
  }

  @Test
  void clusterFactsListNodes() {
    ClusterFacts facts = graph.clusterFacts();
    assertThat(facts.nodes()).singleElement().satisfies(n -> {
      assertThat(n.kubeletVersion()).isEqualTo("v1.30.2");
      assertThat(n.containerRuntimeVersion()).isEqualTo("containerd://1.7.13");
      assertThat(n.kernelVersion()).isEqualTo("6.1.0");
    });
  }

  @Test
  void imageReferencesParseLikeRuntimesDo() {
    assertThat(ImageRef.parse("nginx")).isEqualTo(new ImageRef("nginx", "docker.io", "library/nginx", "", ""));
    assertThat(ImageRef.parse("localhost:5000/team/app:2.0")).extracting(ImageRef::registry, ImageRef::repository, ImageRef::tag)
        .containsExactly("localhost:5000", "team/app", "2.0");
  }
}
