package dev.kubeward.cli.posture;

import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import dev.kubeward.cli.VersionCommand;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.ScanReport;
import dev.kubeward.posture.report.ReportContext;
import dev.kubeward.posture.report.ReportWriter;
import dev.kubeward.posture.report.ReportWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

  RuleSet ruleSet() {
    return RuleSource.load(rules);
  }

  ReportWriter writer() {
    return ReportWriters.forFormat(format).orElseThrow(() -> new UserInputException(
        "unknown format '" + format + "'; expected one of " + String.join(", ", ReportWriters.formats())));
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
    try {
      if (output != null) {
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          writer.write(shown, context, w);
        }
      } else {
        writer.write(shown, context, out);
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
