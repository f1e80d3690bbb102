package dev.kubeward.cli.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.compliance.ComplianceAssessor;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ComplianceSummary;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import dev.kubeward.compliance.Standards;
import dev.kubeward.compliance.components.ComponentReport;
import dev.kubeward.compliance.report.ComplianceCsv;
import dev.kubeward.compliance.report.ComplianceJson;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compliance part of a scan with {@code --standard}: assesses each requested standard on the scan's findings and
 * writes it next to them — a section after the findings table, a {@code compliance} array in the JSON report, or the
 * evidence CSV (one row per control and failing resource).
 */
public final class ComplianceOutput {
  /** Formats that can carry compliance results. */
  public static final List<String> FORMATS = List.of("table", "json", "csv");

  private final List<Standard> standards;
  private final RuleSet rules;

  private ComplianceOutput(List<Standard> standards, RuleSet rules) {
    this.standards = standards;
    this.rules = rules;
  }

  /**
   * Resolves the requested standards before the scan runs, so a typo fails fast.
   *
   * @param ids the {@code --standard} values
   * @param folders the {@code --standards} folders of custom standards
   * @param format the report format, which must be one of {@link #FORMATS}
   */
  public static ComplianceOutput prepare(List<String> ids, List<Path> folders, RuleSet rules, String format) {
    if (!FORMATS.contains(format.toLowerCase(java.util.Locale.ROOT))) {
      throw new UserInputException("--standard works with --format table, json or csv, not " + format);
    }
    Standards catalogue = StandardSource.load(folders, rules);
    List<Standard> chosen = new ArrayList<>();
    for (String id : ids) {
      chosen.add(StandardSource.get(catalogue, id));
    }
    return new ComplianceOutput(chosen, rules);
  }

  /** Assesses every requested standard on the scan. */
  public List<ComplianceResult> assess(ScanReport report, Instant at) {
    return assess(report, at, null);
  }

  /**
   * Assesses every requested standard on the scan and the component checks' report.
   *
   * @param components the control-plane and kubelet checks, or null when the scan did not collect them
   */
  public List<ComplianceResult> assess(ScanReport report, Instant at, ComponentReport components) {
    ComplianceAssessor assessor = new ComplianceAssessor(rules);
    ComplianceAssessor.FindingIndex index = ComplianceAssessor.index(report.findings(), components);
    return standards.stream().map(s -> assessor.assess(s, index, report.notEvaluated(), at)).toList();
  }

  /**
   * Writes the findings report (already rendered as {@code findings}) together with the compliance results.
   *
   * @param format table, json or csv
   * @param findings the findings report text as the posture writer produced it
   */
  public void write(String format, String findings, List<ComplianceResult> results, Writer out) {
    try {
      switch (format.toLowerCase(java.util.Locale.ROOT)) {
        case "json" -> {
          ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
          JsonNode tree = mapper.readTree(findings);
          ArrayNode compliance = ((ObjectNode) tree).putArray("compliance");
          results.forEach(r -> compliance.add(ComplianceJson.toJson(r)));
          out.write(mapper.writeValueAsString(tree));
          out.write(System.lineSeparator());
        }
        case "csv" -> {
          for (ComplianceResult r : results) {
            StringWriter w = new StringWriter();
            ComplianceCsv.write(r, w);
            String text = w.toString();
            out.write(r == results.get(0) ? text : text.substring(text.indexOf("\r\n") + 2));
          }
        }
        default -> {
          out.write(findings);
          for (ComplianceResult r : results) {
            table(r, out);
          }
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void table(ComplianceResult r, Writer w) {
    PrintWriter out = new PrintWriter(w);
    Standard s = r.standard();
    ComplianceSummary sum = r.summary();
    out.printf("%nCompliance: %s (%s %s)%n", s.id(), s.name(), s.version());
    out.printf("score %s of automated controls passing; passed %d, failed %d, manual %d, not evaluated %d%n%n",
        sum.score().isPresent() ? sum.score().getAsDouble() + "%" : "n/a", sum.passed(), sum.failed(), sum.manual(),
        sum.notEvaluated());
    int width = Math.max(7, r.controls().stream().mapToInt(c -> c.control().id().length()).max().orElse(7));
    String row = "%-" + width + "s  %-13s %-8s %s%n";
    out.printf(row, "CONTROL", "STATUS", "SEVERITY", "TITLE");
    for (ControlResult c : r.controls()) {
      out.printf(row, c.control().id(), c.status().label(),
          c.failing().isEmpty() ? "" : c.severity().label(), c.control().title());
      c.notEvaluated().ifPresent(ne -> out.printf("%-" + width + "s    %s%n", "", ne.describe()));
      for (FailingRule f : c.failing()) {
        for (FailingResource res : f.resources()) {
          out.printf("%-" + width + "s    %s %s%s%n", "", f.ruleId(), res.resource().key(),
              res.container().isEmpty() ? "" : " [" + res.container() + "]");
        }
      }
    }
    out.flush();
  }
}
