package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Extra conformance inputs: trivy-checks' good and bad examples (shared data), for the checks whose meaning matches
 * one of our rules. Every bad example must raise one of the mapped rules and no good example may.
 */
class TrivyChecksConformanceTest {
  /**
   * trivy-checks example file to the rules that decide the same thing. Left out on purpose: capabilities_no_drop_all
   * (trivy accepts "all"; the upstream Pod Security admission, which KW-PSS-021 follows, only "ALL") and
   * runs_with_UID_le_10000 (trivy flags an unset runAsUser; KW-CTR-008 only judges values that are set).
   */
  static final Map<String, Set<String>> MAPPING = Map.ofEntries(
      Map.entry("privileged.yaml", Set.of("KW-PSS-001")),
      Map.entry("host_pid.yaml", Set.of("KW-PSS-002")),
      Map.entry("host_ipc.yaml", Set.of("KW-PSS-003")),
      Map.entry("host_network.yaml", Set.of("KW-PSS-004")),
      Map.entry("hostpath_volumes_mounted.yaml", Set.of("KW-PSS-005")),
      Map.entry("access_to_host_ports.yaml", Set.of("KW-PSS-006")),
      Map.entry("SYS_ADMIN_capability.yaml", Set.of("KW-CTR-010")),
      Map.entry("can_elevate_its_own_privileges.yaml", Set.of("KW-PSS-017")),
      Map.entry("file_system_not_read_only.yaml", Set.of("KW-CTR-001")),
      Map.entry("non_default_proc_masks_set.yaml", Set.of("KW-PSS-013")),
      Map.entry("unsafe_sysctl_options_set.yaml", Set.of("KW-PSS-015")),
      Map.entry("mounts_docker_socket.yaml", Set.of("KW-MNT-001")),
      Map.entry("uses_image_tag_latest.yaml", Set.of("KW-IMG-001", "KW-IMG-002")),
      Map.entry("CPU_not_limited.yaml", Set.of("KW-CTR-004")),
      Map.entry("memory_not_limited.yaml", Set.of("KW-CTR-005")),
      Map.entry("CPU_requests_not_specified.yaml", Set.of("KW-CTR-002")),
      Map.entry("memory_requests_not_specified.yaml", Set.of("KW-CTR-003")),
      Map.entry("runs_as_root.yaml", Set.of("KW-PSS-018")),
      Map.entry("runtime_default_seccomp_profile_not_set.yaml", Set.of("KW-PSS-020")),
      Map.entry("selinux_custom_options_set.yaml", Set.of("KW-PSS-011", "KW-PSS-012")),
      Map.entry("apparmor_policy_disabled.yaml", Set.of("KW-PSS-009", "KW-PSS-010")),
      Map.entry("non_core_volume_types.yaml", Set.of("KW-PSS-016")));

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> trivyExamplesAgreeWithOurRules() throws Exception {
    Path dir = Path.of(System.getProperty("kubeward.shared.data", "../shared/data"))
        .resolve("posture-cases/trivy-checks/checks/kubernetes");
    if (!Files.isDirectory(dir)) {
      System.err.println("shared data not found at " + dir + "; skipping");
    }
    Assumptions.assumeTrue(Files.isDirectory(dir), "shared data not found at " + dir + "; skipping");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : new java.util.TreeMap<>(MAPPING).entrySet()) {
      Map<String, Object> file = new Yaml().load(Files.readString(dir.resolve(e.getKey())));
      Map<String, List<String>> cases = (Map<String, List<String>>) file.get("kubernetes");
      PostureEngine engine = new PostureEngine(RuleSet.builtIn().only(e.getValue()));
      for (String outcome : List.of("good", "bad")) {
        List<String> examples = cases.getOrDefault(outcome, List.of());
        for (int i = 0; i < examples.size(); i++) {
          String name = e.getKey() + " " + outcome + "[" + i + "]";
          String text = examples.get(i);
          tests.add(DynamicTest.dynamicTest(name, () -> {
            ManifestSet set = new ManifestLoader().parse(text, name);
            assertThat(set.errors()).isEmpty();
            ScanReport report = engine.scan(set.toInventory());
            assertThat(report.ruleErrors()).isEmpty();
            if (outcome.equals("bad")) {
              assertThat(report.findings()).as(name + " raises one of " + e.getValue()).isNotEmpty();
            } else {
              assertThat(report.findings()).as(name + " raises none of " + e.getValue()).isEmpty();
            }
          }));
        }
      }
    }
    return tests.stream();
  }
}
