package dev.kubeward.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.advisories.CvssScore;
import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.KevEntry;
import dev.kubeward.advisories.VulnerabilityMatch;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RiskEngineTest {
  static final String KEV_CVE = "CVE-2023-44487";
  Inventory inventory;

  @BeforeEach
  void load() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("situations.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      inventory = new Inventory();
      var set = new ManifestLoader().parse(text, "situations.yaml");
      assertThat(set.problems()).isEmpty();
      for (KubeObject o : set.objects()) {
        inventory.put(o);
      }
    }
  }

  static InstalledPackage pkg(String name, String version) {
    return new InstalledPackage(name, version, Ecosystem.DEBIAN, "pkg:deb/debian/" + name + "@" + version, "", "",
        List.of("var/lib/dpkg/status"), "sha256:layer1", List.of());
  }

  static VulnerabilityMatch kevMatch(InstalledPackage p) {
    return new VulnerabilityMatch("DSA-5540-1", List.of(KEV_CVE), List.of(), "HTTP/2 rapid reset", p, p.name(),
        p.version(), List.of("1.52.0-1+deb12u1"), Severity.HIGH, "cvss 3.1",
        List.of(new CvssScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "osv")),
        Optional.of(new EpssScore(KEV_CVE, 0.94, 0.99, "2026-11-28")),
        Optional.of(new KevEntry(KEV_CVE, "2023-10-10", "2023-10-31", "Unknown", "HTTP/2 Rapid Reset", "patch")),
        "", "", List.of());
  }

  static VulnerabilityMatch plainMatch(InstalledPackage p, String cve, double cvss, List<String> fixed) {
    return new VulnerabilityMatch(cve, List.of(), List.of(), "a bug", p, p.name(), p.version(), fixed,
        cvss >= 9 ? Severity.CRITICAL : cvss >= 7 ? Severity.HIGH : Severity.MEDIUM, "cvss 3.1",
        List.of(new CvssScore("3.1", "CVSS:3.1/AV:N", cvss, "osv")), Optional.empty(), Optional.empty(), "", "",
        List.of());
  }

  RiskAssessment assess(RiskWeights weights, RuntimeSignals signals) {
    InstalledPackage nghttp2 = pkg("libnghttp2-14", "1.52.0-1");
    return new RiskEngine(weights).assess(inventory, List.of(
        ScanSubject.image("sha256:bbbb", "registry.example/batch/report:1.0.4", List.of(kevMatch(nghttp2))),
        ScanSubject.image("sha256:aaaa", "registry.example/shop/frontend:2.4.1", List.of(kevMatch(nghttp2))),
        ScanSubject.image("sha256:cccc", "registry.example/payments/api",
            List.of(plainMatch(pkg("zlib1g", "1:1.2.13.dfsg-1"), "CVE-2023-45853", 9.8, List.of())))),
        signals);
  }

  @Test
  void anExposedPrivilegedPodWithAKevCveRanksAboveTheSameCveInAnInternalBatchJob() {
    RiskAssessment a = assess(RiskWeights.defaults(), RuntimeSignals.NONE);
    VulnerableComponent frontend = find(a, "sha256:aaaa");
    VulnerableComponent batch = find(a, "sha256:bbbb");

    assertThat(a.components().indexOf(frontend)).isLessThan(a.components().indexOf(batch));
    assertThat(frontend.score()).isGreaterThan(batch.score());
    assertThat(frontend.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(batch.level()).isIn(RiskLevel.HIGH, RiskLevel.MEDIUM);
    assertThat(frontend.explanation())
        .contains("exploited in the wild (KEV, listed 2023-10-10)")
        .contains("reachable from the internet through Ingress shop/storefront, LoadBalancer Service shop/frontend")
        .contains("runs privileged (container web)")
        .contains("EPSS 94% chance of exploitation");
    assertThat(batch.explanation()).contains("exploited in the wild").doesNotContain("internet")
        .doesNotContain("privileged");
    assertThat(frontend.workloads()).containsExactly(new ResourceRef("apps/v1", "Deployment", "shop", "frontend"));
    assertThat(frontend.runningPods()).isEqualTo(1);
    assertThat(frontend.vulnerabilities()).extracting(CveRisk::id).containsExactly(KEV_CVE);
    assertThat(frontend.recommendedFix()).isEqualTo("1.52.0-1+deb12u1");
    assertThat(frontend.layerDigest()).isEqualTo("sha256:layer1");
  }

  @Test
  void attackPathsLeadFromTheInternetToTheNodeAndToSecrets() {
    RiskAssessment a = assess(RiskWeights.defaults(), RuntimeSignals.NONE);
    assertThat(a.attackPaths()).extracting(p -> p.workload().name() + "->" + p.target())
        .containsExactlyInAnyOrder("frontend->NODE", "payments-api->SECRETS");
    AttackPath secrets = a.attackPaths().stream().filter(p -> p.target() == AttackPath.Target.SECRETS).findFirst()
        .orElseThrow();
    assertThat(secrets.steps()).extracting(AttackPath.Step::kind).containsExactly(AttackPath.StepKind.ENTRY,
        AttackPath.StepKind.EXPLOIT, AttackPath.StepKind.PRIVILEGE, AttackPath.StepKind.TARGET);
    assertThat(secrets.steps().get(0).title()).isEqualTo("Internet → NodePort Service payments/payments-api");
    assertThat(secrets.steps().get(1).title()).isEqualTo("CVE-2023-45853 in zlib1g 1:1.2.13.dfsg-1");
    assertThat(secrets.steps().get(2).detail())
        .isEqualTo("its service account payments/payments-api can read Secrets in all namespaces");
    assertThat(secrets.steps().get(2).findings()).anyMatch(f -> f.contains("ClusterRoleBinding/payments-secrets"));
    assertThat(secrets.targetDescription()).isEqualTo("Secrets in all namespaces");
    assertThat(secrets.enablingFindings()).containsExactly(find(a, "sha256:cccc").id());
  }

  @Test
  void openRuntimeAlertsRaiseTheScore() {
    ResourceRef batchJob = new ResourceRef("batch/v1", "Job", "batch", "report");
    double before = find(assess(RiskWeights.defaults(), RuntimeSignals.NONE), "sha256:bbbb").score();
    VulnerableComponent after = find(assess(RiskWeights.defaults(), wl -> wl.equals(batchJob) ? 2 : 0),
        "sha256:bbbb");
    assertThat(after.score()).isEqualTo(before + 10);
    assertThat(after.explanation()).contains("2 open runtime alert(s) on Job batch/report");
  }

  @Test
  void anImageNothingRunsCountsLess() {
    InstalledPackage p = pkg("libnghttp2-14", "1.52.0-1");
    RiskEngine engine = new RiskEngine(RiskWeights.defaults());
    VulnerableComponent idle = engine.assessSubject(
        ScanSubject.image("sha256:dddd", "x", List.of(kevMatch(p))), List.of()).get(0);
    assertThat(idle.runningPods()).isZero();
    assertThat(idle.explanation()).contains("not running now");
    assertThat(idle.score()).isLessThan(find(assess(RiskWeights.defaults(), RuntimeSignals.NONE), "sha256:bbbb")
        .score());
  }

  @Test
  void theRecommendedFixIsTheVersionThatFixesMost() {
    InstalledPackage p = pkg("openssl", "3.0.11-1~deb12u1");
    List<VulnerabilityMatch> ms = List.of(
        plainMatch(p, "CVE-2023-5678", 5.3, List.of("3.0.11-1~deb12u2")),
        plainMatch(p, "CVE-2024-0727", 5.5, List.of("3.0.13-1~deb12u1")),
        plainMatch(p, "CVE-2023-6129", 6.5, List.of("3.0.13-1~deb12u1")),
        plainMatch(p, "CVE-2099-0001", 4.0, List.of()));
    VulnerableComponent c = new RiskEngine(RiskWeights.defaults())
        .assessSubject(ScanSubject.image("sha256:eeee", "x", ms), List.of()).get(0);
    assertThat(c.recommendedFix()).isEqualTo("3.0.13-1~deb12u1");
    assertThat(c.fixedByRecommended()).isEqualTo(3);
    assertThat(c.vulnerabilities()).hasSize(4);
    assertThat(c.explanation()).contains("4 vulnerabilities in this package");
  }

  @Test
  void weightsAreConfigurableAndChangeTheRanking() {
    RiskWeights noExposure = RiskWeights.withOverrides(new StringReader(
        "context:\n  internetExposed: 0\n  privileged: 0\n  hostNamespaces: 0\n  hostMounts: 0\n"), "test.yaml");
    RiskAssessment a = assess(noExposure, RuntimeSignals.NONE);
    assertThat(find(a, "sha256:aaaa").score()).isEqualTo(find(a, "sha256:bbbb").score());
    assertThat(noExposure.get("vulnerability.kev")).isEqualTo(RiskWeights.defaults().get("vulnerability.kev"));
  }

  @Test
  void hostileWeightFilesAreRejectedWithTheOffendingEntry() {
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("context:\n  internetExposd: 5\n"), "w.yaml"))
        .hasMessageContaining("unknown risk weight(s) [context.internetExposd]");
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("vulnerability:\n  kev: -3\n"), "w.yaml"))
        .hasMessageContaining("vulnerability.kev must be a non-negative number");
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("vulnerability:\n  kev: lots\n"), "w.yaml"))
        .hasMessageContaining("vulnerability.kev");
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("- a\n- b\n"), "w.yaml"))
        .hasMessageContaining("mapping of sections");
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("a: &a [*a, *a]\nb: {c: [&x"), "w.yaml"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("!!java.io.File x"), "w.yaml"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RiskWeights.withOverrides(new StringReader("vulnerability:\n  kev: .nan\n"), "w.yaml"))
        .hasMessageContaining("vulnerability.kev");
  }

  static VulnerableComponent find(RiskAssessment a, String digest) {
    return a.components().stream().filter(c -> c.subjectId().equals(digest)).findFirst().orElseThrow();
  }
}
