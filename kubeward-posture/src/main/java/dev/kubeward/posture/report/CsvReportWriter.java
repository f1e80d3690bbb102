package dev.kubeward.posture.report;

import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** One row per finding, RFC 4180 quoting, a header row; spreadsheet-friendly. */
public final class CsvReportWriter implements ReportWriter {
  private static final String[] HEADER = {"ruleId", "title", "severity", "category", "outcome", "apiVersion", "kind",
      "namespace", "name", "container", "message", "remediation", "controls", "file", "line"};

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void write(ScanReport report, ReportContext context, Writer out) throws IOException {
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).setRecordSeparator("\n").get());
    for (Finding f : report.findings()) {
      csv.printRecord(f.ruleId(), f.title(), f.severity().label(), f.category(), f.outcome().label(),
          f.resource().apiVersion(), f.resource().kind(), f.resource().namespace(), f.resource().name(), f.container(),
          f.message(), f.remediation(), String.join(" ", f.controls()),
          f.location().map(l -> l.file()).orElse(""), f.location().map(l -> String.valueOf(l.line())).orElse(""));
    }
    csv.flush();
  }
}
