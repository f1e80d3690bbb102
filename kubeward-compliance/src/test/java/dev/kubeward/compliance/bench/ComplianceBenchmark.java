package dev.kubeward.compliance.bench;

import dev.kubeward.compliance.ComplianceAssessor;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.Standards;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Whole-process benchmark of the compliance assessor (run by {@code bench/compliance/run.sh}, never by
 * {@code mvn verify}): a large set of posture findings, as a big cluster produces, assessed against every shipped
 * standard, as the server does whenever a cluster's findings change.
 */
public final class ComplianceBenchmark {
  private ComplianceBenchmark() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    RuleSet rules = RuleSet.builtIn();
    List<Rule> all = rules.rules();
    Random random = new Random(42);
    List<Finding> findings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Rule r = all.get(random.nextInt(all.size()));
      ResourceRef ref = new ResourceRef("apps/v1", "Deployment", "ns-" + random.nextInt(500), "app-" + (i % 20_000));
      findings.add(new Finding(r.id(), r.title(), r.severity(), r.category(), ref, "c" + (i % 3), "message " + i,
          r.remediation(), List.of(), Optional.empty(), Finding.Outcome.FAIL));
    }
    ComplianceAssessor assessor = new ComplianceAssessor(rules);
    List<Standard> standards = Standards.builtIn().all();
    System.out.printf("findings: %d, standards: %d, controls: %d, cores: %d%n", count, standards.size(),
        standards.stream().mapToInt(s -> s.controls().size()).sum(), Runtime.getRuntime().availableProcessors());
    for (int run = 1; run <= 5; run++) {
      long start = System.nanoTime();
      int failing = 0;
      ComplianceAssessor.FindingIndex index = ComplianceAssessor.index(findings);
      long indexed = System.nanoTime();
      for (Standard s : standards) {
        ComplianceResult result = assessor.assess(s, index, Map.of(), Instant.EPOCH);
        failing += result.failing().size();
      }
      long end = System.nanoTime();
      System.out.printf("run %d: indexed in %.1f ms, all standards assessed in %.1f ms more (%d failing controls)%n",
          run, (indexed - start) / 1e6, (end - indexed) / 1e6, failing);
    }
  }
}
