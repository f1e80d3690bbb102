package dev.kubeward.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void severityParsesAnyCaseAndRejectsUnknownNamesWithTheAcceptedOnes() {
    assertThat(Severity.parse(" high ")).isEqualTo(Severity.HIGH);
    assertThat(Severity.parse("Critical")).isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(() -> Severity.parse("severe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'severe'")
        .hasMessageContaining("Critical, High, Medium, Low, Informational, Unknown");
  }

  @Test
  void severityThresholdsCountWorseAsAtLeastAndNeverUnknown() {
    assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
    assertThat(Severity.UNKNOWN.atLeast(Severity.LOW)).isFalse();
    assertThat(Severity.LOW.atLeast(Severity.UNKNOWN)).isFalse();
  }

  @Test
  void resourceKeysLeaveOutTheNamespaceOfClusterScopedObjects() {
    assertThat(new ResourceRef("v1", "Pod", "shop", "web").key()).isEqualTo("Pod/shop/web");
    ResourceRef role = new ResourceRef("rbac.authorization.k8s.io/v1", "ClusterRole", null, "admin");
    assertThat(role.clusterScoped()).isTrue();
    assertThat(role.key()).isEqualTo("ClusterRole/admin");
  }

  @Test
  void controlRefsRoundTripThroughTheirTextForm() {
    ControlRef ref = ControlRef.parse("pss-baseline:privileged-containers");
    assertThat(ref).isEqualTo(new ControlRef("pss-baseline", "privileged-containers"));
    assertThat(ref.toString()).isEqualTo("pss-baseline:privileged-containers");
    assertThatThrownBy(() -> ControlRef.parse("cis-5.1.1")).hasMessageContaining("standard:control");
    assertThatThrownBy(() -> ControlRef.parse("cis:")).hasMessageContaining("standard:control");
  }

  @Test
  void notEvaluatedDescribesItselfWithoutClaimingAPass() {
    NotEvaluated n = new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "may not list ClusterRoles");
    assertThat(n.describe()).isEqualTo("not evaluated: forbidden (may not list ClusterRoles)");
  }

  @Test
  void protectionComponentsAreFoundByTheirApiNames() {
    assertThat(ProtectionComponent.fromKey("registryAccess")).isEqualTo(ProtectionComponent.REGISTRY_ACCESS);
    assertThatThrownBy(() -> ProtectionComponent.fromKey("registry"))
        .hasMessageContaining("sensor, kubernetesApiAccess, registryAccess, policyAgent");
  }
}
