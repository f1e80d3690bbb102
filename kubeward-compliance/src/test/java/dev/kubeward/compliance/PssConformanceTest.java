package dev.kubeward.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pod Security Standards conformance, one generic test over {@code src/test/resources/pss/<control>.yaml}: every pod
 * is named {@code <baseline>-<restricted>-<case>} and, scanned alone with all built-in rules, must give its control
 * that outcome at each level (see the README next to the fixtures).
 */
class PssConformanceTest {
  static final TreeMap<String, String> FILES = ClasspathFolder.read("pss", PssConformanceTest.class.getClassLoader());
  static final PostureEngine ENGINE = new PostureEngine(RuleSet.builtIn());
  static final ComplianceAssessor ASSESSOR = new ComplianceAssessor(RuleSet.builtIn());
  static final Standard BASELINE = Standards.builtIn().get("pss-baseline").orElseThrow();
  static final Standard RESTRICTED = Standards.builtIn().get("pss-restricted").orElseThrow();

  @Test
  void everyRestrictedControlHasFixturesWithBothOutcomes() {
    for (var control : RESTRICTED.controls()) {
      String text = FILES.get(control.id() + ".yaml");
      assertThat(text).as("fixtures for " + control.id()).isNotNull();
      assertThat(text).as(control.id() + " has a passing pod").containsPattern("name: \\w+-pass-");
      assertThat(text).as(control.id() + " has a failing pod").containsPattern("name: \\w+-fail-");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPodHasItsOutcomeAtEachLevel() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      if (!file.getKey().endsWith(".yaml")) {
        continue;
      }
      String control = file.getKey().substring(0, file.getKey().length() - 5);
      ManifestSet set = new ManifestLoader().parse(file.getValue(), file.getKey());
      assertThat(set.problems()).as(file.getKey() + " loads").isEmpty();
      for (KubeObject pod : set.toInventory().ofKind("Pod").toList()) {
        String[] parts = pod.ref().name().split("-", 3);
        tests.add(DynamicTest.dynamicTest(control + " " + pod.ref().name(), () -> {
          Inventory alone = new Inventory();
          alone.put(pod);
          ScanReport report = ENGINE.scan(alone);
          assertThat(report.ruleErrors()).as("rule errors").isEmpty();
          check(BASELINE, control, parts[0], report, pod.ref().name());
          check(RESTRICTED, control, parts[1], report, pod.ref().name());
        }));
      }
    }
    assertThat(tests).hasSizeGreaterThan(60);
    return tests.stream();
  }

  private static void check(Standard standard, String control, String expected, ScanReport report, String pod) {
    ComplianceResult result = ASSESSOR.assess(standard, report.findings(), report.notEvaluated(), Instant.EPOCH);
    if (expected.equals("na")) {
      assertThat(result.control(control)).as(control + " is not a " + standard.id() + " control").isEmpty();
      return;
    }
    ControlStatus status = result.control(control).orElseThrow().status();
    assertThat(status).as(standard.id() + ":" + control + " on " + pod + " (findings "
        + report.findings().stream().map(f -> f.ruleId()).toList() + ")")
        .isEqualTo(expected.equals("pass") ? ControlStatus.PASSED : ControlStatus.FAILED);
  }
}
