package dev.kubeward.cli.posture;

import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.cli.VersionCommand;
import dev.kubeward.cli.compliance.ComplianceOutput;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import dev.kubeward.posture.report.ReportContext;
import dev.kubeward.posture.report.ReportWriter;
import dev.kubeward.posture.report.ReportWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Option;

/** The output options every posture scan shares: format, filters, failure threshold and output file. */
public class ReportOptions {
  @Option(names = "--format", defaultValue = "table",
      description = "Output format: table, json, sarif, csv or junit (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--rules", paramLabel = "DIR", description = "Extra rule files (a folder or file of YAML rules); repeatable.")
  List<Path> rules;

  @Option(names = "--severity", paramLabel = "LIST", split = ",",
      description = "Report only these severities, e.g. high,medium (default: all).")
  List<String> severities;

  @Option(names = "--fail-on", paramLabel = "SEV",
      description = "Exit with 1 when a finding of this severity or worse is reported (high, medium, low).")
  String failOn;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to a file instead of standard output.")
  Path output;

  @Option(names = "--quiet", description = "No progress messages.")
  boolean quiet;

  @Option(names = "--param", paramLabel = "RULE.NAME=VALUE",
      description = "Set a rule parameter; VALUE is YAML, e.g. 'KW-IMG-005.allowedRegistries=[registry.example.com]'."
          + " Repeatable.")
  List<String> params;

  @Option(names = "--standard", paramLabel = "ID",
      description = "Also assess this compliance standard (see 'kubeward standards list') and print each control's "
          + "status and failing resources next to the findings (table, json or csv); repeatable.")
  List<String> standardIds;

  @Option(names = "--standards", paramLabel = "DIR", description = "Custom standards (YAML) for --standard; repeatable.")
  List<Path> standardFolders;

  /** Engine options with the {@code --param} overrides, checked against the rules. */
  EngineOptions engineOptions(RuleSet rules) {
    Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
    for (String p : params == null ? List.<String>of() : params) {
      int eq = p.indexOf('=');
      int dot = eq < 0 ? -1 : p.lastIndexOf('.', eq);
      if (eq < 0 || dot <= 0) {
        throw new UserInputException("--param '" + p + "' is not of the form RULE.NAME=VALUE");
      }
      String rule = p.substring(0, dot);
      String name = p.substring(dot + 1, eq);
      var found = rules.rule(rule).orElseThrow(() -> new UserInputException("--param names unknown rule " + rule));
      if (!found.params().containsKey(name)) {
        throw new UserInputException("rule " + rule + " has no parameter '" + name + "'; it has " + found.params().keySet());
      }
      Object value;
      try {
        value = new Yaml(new SafeConstructor(new LoaderOptions())).load(p.substring(eq + 1));
      } catch (RuntimeException e) {
        throw new UserInputException("--param '" + p + "': the value is not valid YAML");
      }
      overrides.computeIfAbsent(rule, r -> new LinkedHashMap<>()).put(name, value);
    }
    return EngineOptions.defaults().withParams(overrides);
  }

  RuleSet ruleSet() {
    return RuleSource.load(rules);
  }

  ReportWriter writer() {
    return ReportWriters.forFormat(format).orElseThrow(() -> new UserInputException(
        "unknown format '" + format + "'; expected one of " + String.join(", ", ReportWriters.formats())));
  }

  private dev.kubeward.compliance.components.ComponentReport components;

  /** The control-plane and kubelet checks of this scan, for {@code --standard} (null: not collected). */
  void components(dev.kubeward.compliance.components.ComponentReport report) {
    this.components = report;
  }

  /** Filters by severity, writes the report and returns the exit code. */
  int emit(ScanReport report, RuleSet rules, PrintWriter out) {
    ReportWriter writer = writer();
    Severity threshold = failOn == null ? null : parse(failOn);
    ScanReport shown = report;
    if (severities != null && !severities.isEmpty()) {
      Set<Severity> wanted = severities.stream().map(ReportOptions::parse).collect(Collectors.toSet());
      shown = report.withFindings(report.findings().stream()
          .filter(f -> f.outcome() == Finding.Outcome.RULE_ERROR || wanted.contains(f.severity())).toList());
    }
    ReportContext context = new ReportContext(rules, Instant.now(), VersionCommand.version());
    ComplianceOutput compliance = standardIds == null || standardIds.isEmpty() ? null
        : ComplianceOutput.prepare(standardIds, standardFolders, rules, format);
    try {
      if (output != null) {
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          write(writer, shown, report, context, compliance, w);
        }
      } else {
        write(writer, shown, report, context, compliance, out);
        out.flush();
      }
    } catch (IOException e) {
      throw new UserInputException("cannot write " + (output != null ? output : "the report") + ": " + e.getMessage());
    }
    if (threshold != null && shown.findings().stream()
        .anyMatch(f -> f.outcome() == Finding.Outcome.FAIL && f.severity().atLeast(threshold))) {
      return ExitCodes.FINDINGS;
    }
    return ExitCodes.OK;
  }

  /** The findings report, and with {@code --standard} the compliance results next to it (from the unfiltered scan). */
  private void write(ReportWriter writer, ScanReport shown, ScanReport full, ReportContext context,
      ComplianceOutput compliance, Writer out) throws IOException {
    if (compliance == null) {
      writer.write(shown, context, out);
      return;
    }
    StringWriter findings = new StringWriter();
    writer.write(shown, context, findings);
    compliance.write(format, findings.toString(), compliance.assess(full, context.generatedAt(), components), out);
  }

  void progress(PrintWriter err, String message) {
    if (!quiet && System.console() != null) {
      err.println(message);
      err.flush();
    }
  }

  static Severity parse(String text) {
    try {
      Severity s = Severity.parse(text);
      if (s != Severity.HIGH && s != Severity.MEDIUM && s != Severity.LOW) {
        throw new IllegalArgumentException();
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new UserInputException("unknown severity '" + text + "'; expected one of "
          + Arrays.asList("high", "medium", "low"));
    }
  }
}
