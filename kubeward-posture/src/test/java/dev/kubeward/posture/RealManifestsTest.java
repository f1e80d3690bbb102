package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans the real manifests in shared data (Kubernetes Goat, Online Boutique, kube-prometheus, kubernetes/examples):
 * they load without errors and without rule errors, and Kubernetes Goat yields what it is built to show.
 */
class RealManifestsTest {
  static Path manifests;

  @BeforeAll
  static void locate() {
    manifests = Path.of(System.getProperty("kubeward.shared.data", "../shared/data")).resolve("manifests");
    if (!Files.isDirectory(manifests)) {
      System.err.println("shared data not found at " + manifests + "; skipping");
    }
    Assumptions.assumeTrue(Files.isDirectory(manifests), "shared data not found at " + manifests + "; skipping");
  }

  static ScanReport scan(Path... paths) {
    ManifestSet set = new ManifestLoader().load(List.of(paths));
    return new PostureEngine(RuleSet.builtIn()).scan(set.toInventory(), set.problems());
  }

  @Test
  void everyRealManifestSetScansWithoutErrors() {
    for (String name : List.of("kubernetes-goat", "microservices-demo", "kube-prometheus", "kubernetes-examples")) {
      ScanReport report = scan(manifests.resolve(name));
      assertThat(report.problems().stream().filter(p -> !p.skipped()).toList()).as(name + " load errors").isEmpty();
      assertThat(report.ruleErrors()).as(name + " rule errors").isEmpty();
      assertThat(report.objects()).as(name + " objects").isGreaterThan(5);
      assertThat(report.findings()).as(name + " findings").isNotEmpty();
    }
  }

  @Test
  void customResourcesAreNotedAsNotEvaluated() {
    ScanReport report = scan(manifests.resolve("kube-prometheus"));
    assertThat(report.problems()).filteredOn(p -> p.message().startsWith("kind ServiceMonitor (monitoring.coreos.com/v1)"))
        .singleElement().satisfies(p -> {
          assertThat(p.skipped()).isTrue();
          assertThat(p.message()).contains("not evaluated");
        });
  }

  @Test
  void kubernetesGoatShowsItsPrivilegedPodsHostMountsRuntimeSocketsAndWildcardRole() {
    ScanReport report = scan(manifests.resolve("kubernetes-goat"));
    assertThat(names(report, "KW-PSS-001")).as("privileged").contains("system-monitor-deployment", "health-check-deployment");
    assertThat(names(report, "KW-MNT-004")).as("host root").contains("system-monitor-deployment");
    assertThat(names(report, "KW-MNT-001")).as("docker socket").contains("docker-bench-security");
    assertThat(names(report, "KW-MNT-002")).as("containerd socket").contains("health-check-deployment");
    assertThat(names(report, "KW-PSS-005")).as("hostPath").contains("kube-bench-node");
    assertThat(names(report, "KW-RBAC-004")).as("wildcard ClusterRole").contains("all-your-base");
    assertThat(names(report, "KW-RBAC-001")).as("cluster-admin binding").contains("superadmin");
    assertThat(report.problems()).as("unrendered Helm templates are reported as skipped")
        .anyMatch(p -> p.skipped() && p.location().file().contains("metadata-db"));
  }

  private static Set<String> names(ScanReport report, String ruleId) {
    return report.findings().stream().filter(f -> f.ruleId().equals(ruleId)).map(f -> f.resource().name())
        .collect(Collectors.toSet());
  }
}
