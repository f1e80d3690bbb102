package dev.kubeward.posture.report;

import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** A terminal table: severity, rule, resource, container, message; then input problems and a summary line. */
public final class TableReportWriter implements ReportWriter {
  private static final int MESSAGE_WIDTH = 100;

  @Override
  public String format() {
    return "table";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void write(ScanReport report, ReportContext context, Writer out) throws IOException {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SEVERITY", "RULE", "RESOURCE", "CONTAINER", "MESSAGE"});
    for (Finding f : report.findings()) {
      String message = f.message().replace('\n', ' ');
      if (message.length() > MESSAGE_WIDTH) {
        message = message.substring(0, MESSAGE_WIDTH - 1) + "…";
      }
      rows.add(new String[] {f.outcome() == Finding.Outcome.FAIL ? f.severity().label() : "ERROR", f.ruleId(),
          f.resource().key(), f.container(), message});
    }
    int[] widths = new int[5];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    if (report.findings().isEmpty()) {
      out.write("No findings.\n");
    } else {
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 4; i++) {
          line.append(r[i]).append(" ".repeat(widths[i] - r[i].length() + 2));
        }
        line.append(r[4]);
        out.write(line.toString().stripTrailing() + "\n");
      }
    }
    for (LoadProblem p : report.problems()) {
      out.write((p.skipped() ? "skipped: " : "error: ") + p + "\n");
    }
    for (var e : new java.util.TreeMap<>(report.notEvaluated()).entrySet()) {
      out.write(e.getKey() + ": " + e.getValue().describe() + "\n");
    }
    long high = count(report, dev.kubeward.model.Severity.HIGH);
    long medium = count(report, dev.kubeward.model.Severity.MEDIUM);
    long low = count(report, dev.kubeward.model.Severity.LOW);
    out.write(String.format("%n%d objects, %d rules: %d findings (%d high, %d medium, %d low), %d rule errors, %d input"
            + " errors%n", report.objects(), report.rules(), high + medium + low, high, medium, low,
        report.ruleErrors().size(), report.problems().stream().filter(p -> !p.skipped()).count()));
  }

  private static long count(ScanReport report, dev.kubeward.model.Severity s) {
    return report.findings().stream().filter(f -> f.outcome() == Finding.Outcome.FAIL && f.severity() == s).count();
  }
}
