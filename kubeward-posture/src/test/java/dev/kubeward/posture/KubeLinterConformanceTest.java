package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Extra conformance inputs: kube-linter's check test files (shared data). Objects named {@code dont-fire*} must not
 * raise the mapped rules; every other object of a kind we evaluate must raise one of them. Each object is judged on
 * its own, as the mapped rules look at one object only. Left out because their files do not follow the naming
 * convention or the check means something else: drop-net-raw-capability (its "dont-fire" drops nothing),
 * wildcard-in-rules and pdb-max-unavailable (objects that should pass are not named "dont-fire").
 */
class KubeLinterConformanceTest {
  static final Map<String, Set<String>> MAPPING = new TreeMap<>(Map.ofEntries(
      Map.entry("privileged-container.yml", Set.of("KW-PSS-001")),
      Map.entry("host-ipc.yml", Set.of("KW-PSS-003")),
      Map.entry("host-network.yml", Set.of("KW-PSS-004")),
      Map.entry("host-pid.yml", Set.of("KW-PSS-002")),
      Map.entry("docker-sock.yml", Set.of("KW-MNT-001")),
      Map.entry("latest-tag.yml", Set.of("KW-IMG-001", "KW-IMG-002")),
      Map.entry("no-read-only-root-fs.yml", Set.of("KW-CTR-001")),
      Map.entry("run-as-non-root.yml", Set.of("KW-PSS-018")),
      Map.entry("unsafe-sysctls.yml", Set.of("KW-PSS-015")),
      Map.entry("unsafe-proc-mount.yml", Set.of("KW-PSS-013")),
      Map.entry("writable-host-mount.yml", Set.of("KW-MNT-018")),
      Map.entry("sensitive-host-mounts.yml", Set.of("KW-MNT-001", "KW-MNT-002", "KW-MNT-003", "KW-MNT-004",
          "KW-MNT-005", "KW-MNT-006", "KW-MNT-007", "KW-MNT-008", "KW-MNT-009", "KW-MNT-010", "KW-MNT-011",
          "KW-MNT-012", "KW-MNT-013", "KW-MNT-014", "KW-MNT-015", "KW-MNT-016", "KW-MNT-017")),
      Map.entry("env-var-secret.yml", Set.of("KW-SEC-001")),
      Map.entry("read-secret-from-env-var.yml", Set.of("KW-SEC-002")),
      Map.entry("default-service-account.yml", Set.of("KW-POD-002")),
      Map.entry("deprecated-service-account-field.yml", Set.of("KW-POD-010")),
      Map.entry("no-liveness-probe.yml", Set.of("KW-CTR-006")),
      Map.entry("no-readiness-probe.yml", Set.of("KW-CTR-007")),
      Map.entry("cluster-admin-role-binding.yml", Set.of("KW-RBAC-001")),
      Map.entry("mismatching-selector.yml", Set.of("KW-WKL-005")),
      Map.entry("exposed-services.yml", Set.of("KW-NET-001", "KW-NET-002"))));


  @TestFactory
  Stream<DynamicTest> kubeLinterCasesAgreeWithOurRules() throws Exception {
    Path dir = Path.of(System.getProperty("kubeward.shared.data", "../shared/data")).resolve("posture-cases/kube-linter/tests/checks");
    if (!Files.isDirectory(dir)) {
      System.err.println("shared data not found at " + dir + "; skipping");
    }
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared data not found at " + dir + "; skipping");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : MAPPING.entrySet()) {
      ManifestSet set = new ManifestLoader().load(List.of(dir.resolve(e.getKey())));
      PostureEngine engine = new PostureEngine(RuleSet.builtIn().only(e.getValue()));
      for (KubeObject o : set.objects()) {
        if (!e.getValue().stream().anyMatch(id -> RuleSet.builtIn().rule(id).orElseThrow().kinds().contains(o.ref().kind()))) {
          continue;
        }
        boolean shouldFire = !o.ref().name().startsWith("dont-fire");
        String name = e.getKey() + " " + o.ref().key() + " at line " + o.source().map(s -> s.line()).orElse(0);
        tests.add(DynamicTest.dynamicTest(name, () -> {
          Inventory single = new Inventory();
          single.put(o);
          ScanReport report = engine.scan(single);
          assertThat(report.ruleErrors()).isEmpty();
          if (shouldFire) {
            assertThat(report.findings()).as(name + " raises one of " + e.getValue()).isNotEmpty();
          } else {
            assertThat(report.findings()).as(name + " raises none of " + e.getValue()).isEmpty();
          }
        }));
      }
    }
    return tests.stream();
  }
}
