package dev.kubeward.posture.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {"findings": [...], "errors": [...]}}: each finding with ruleId, title, severity, category, outcome, resource
 * (apiVersion, kind, namespace, name), container, message, remediation, controls and location; errors are inputs that
 * could not be read. Also {@code skipped}, {@code notEvaluated} and a {@code summary}.
 */
public final class JsonReportWriter implements ReportWriter {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String format() {
    return "json";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void write(ScanReport report, ReportContext context, Writer out) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("findings", report.findings().stream().map(ReportRows::finding).toList());
    root.put("errors", ReportRows.errors(report));
    root.put("skipped", ReportRows.skipped(report));
    root.put("notEvaluated", ReportRows.notEvaluated(report));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("objects", report.objects());
    summary.put("rules", report.rules());
    summary.put("findings", report.findings().size());
    for (Severity s : new Severity[] {Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
      summary.put(s.label().toLowerCase(java.util.Locale.ROOT),
          report.findings().stream().filter(f -> f.severity() == s && f.outcome() == Finding.Outcome.FAIL).count());
    }
    summary.put("ruleErrors", report.ruleErrors().size());
    root.put("summary", summary);
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", "kubeward");
    tool.put("version", context.toolVersion());
    tool.put("generatedAt", context.generatedAt().toString());
    root.put("tool", tool);
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    MAPPER.writer(pretty).writeValue(new NonClosing(out), root);
    out.write("\n");
  }

  /** Jackson closes the target; the caller owns it. */
  static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
