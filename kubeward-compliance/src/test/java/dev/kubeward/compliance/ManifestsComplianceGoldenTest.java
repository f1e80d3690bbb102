package dev.kubeward.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compliance summary of the real manifests in shared data is stable: per manifest set and standard, the counts,
 * the score and each failing control with its number of failing resources, compared with
 * {@code src/test/resources/golden/manifests-compliance.txt} (refresh with {@code -Dgolden.update=true}).
 */
class ManifestsComplianceGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/manifests-compliance.txt");
  static Path manifests;

  @BeforeAll
  static void locate() {
    manifests = Path.of(System.getProperty("kubeward.shared.data", "../shared/data")).resolve("manifests");
    if (!Files.isDirectory(manifests)) {
      System.err.println("shared data not found at " + manifests + "; skipping the compliance golden test");
    }
    Assumptions.assumeTrue(Files.isDirectory(manifests), "shared data not found at " + manifests + "; skipping");
  }

  @Test
  void complianceSummaryOfTheSharedManifestsMatchesTheGoldenFile() throws Exception {
    StringBuilder out = new StringBuilder();
    ComplianceAssessor assessor = new ComplianceAssessor(RuleSet.builtIn());
    for (String name : List.of("kubernetes-goat", "microservices-demo", "kube-prometheus", "kubernetes-examples")) {
      ManifestSet set = new ManifestLoader().load(List.of(manifests.resolve(name)));
      ScanReport report = new PostureEngine(RuleSet.builtIn()).scan(set.toInventory(), set.problems());
      out.append("# ").append(name).append(" (").append(report.objects()).append(" objects)\n");
      for (Standard s : Standards.builtIn().all()) {
        ComplianceResult r = assessor.assess(s, report.findings(), report.notEvaluated(), Instant.EPOCH);
        ComplianceSummary sum = r.summary();
        out.append(String.format("%s: score %s, passed %d, failed %d, manual %d, not evaluated %d%n", s.id(),
            sum.score().isPresent() ? sum.score().getAsDouble() + "%" : "n/a", sum.passed(), sum.failed(),
            sum.manual(), sum.notEvaluated()));
        for (ControlResult c : r.failing()) {
          out.append("  ").append(c.control().id()).append(" ").append(c.severity().label()).append(" ")
              .append(c.failingResourceCount()).append(" resources\n");
        }
      }
    }
    String text = out.toString();
    if (Boolean.getBoolean("golden.update") || !Files.exists(GOLDEN)) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, text);
    }
    assertThat(text).as("golden file " + GOLDEN + " (refresh with -Dgolden.update=true)")
        .isEqualTo(Files.readString(GOLDEN));
  }
}
