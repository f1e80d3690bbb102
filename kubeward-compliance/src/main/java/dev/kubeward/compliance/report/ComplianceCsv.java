package dev.kubeward.compliance.report;

import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The CSV form of a compliance result: one row per control and failing resource (a control without failures has one
 * row with empty resource columns), so the file lists every control with status, rules, resources and timestamp.
 * Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
public final class ComplianceCsv {
  /** The header row. */
  public static final List<String> HEADER = List.of("standard", "control", "title", "section", "status", "reason",
      "rules", "rule", "severity", "kind", "namespace", "name", "container", "message", "evaluatedAt");

  private ComplianceCsv() {}

  /** Writes the header and all rows. */
  public static void write(ComplianceResult result, Writer out) {
    try {
      row(out, HEADER);
      String at = result.evaluatedAt().toString();
      for (ControlResult c : result.controls()) {
        String reason = c.notEvaluated().map(ne -> ne.reason().label() + ": " + ne.detail()).orElse("");
        List<String> head = List.of(result.standard().id(), c.control().id(), c.control().title(), c.control().section(),
            c.status().label(), reason, String.join(" ", c.control().ruleIds()));
        if (c.failing().isEmpty()) {
          row(out, concat(head, List.of("", "", "", "", "", "", "", at)));
          continue;
        }
        for (FailingRule f : c.failing()) {
          for (FailingResource r : f.resources()) {
            row(out, concat(head, List.of(f.ruleId(), f.severity().label(), r.resource().kind(),
                r.resource().namespace(), r.resource().name(), r.container(), r.message(), at)));
          }
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** Writes one CSV row (RFC 4180 quoting, formula-safe). */
  public static void row(Writer out, List<String> cells) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cell(cells.get(i)));
    }
    out.write(sb.append("\r\n").toString());
  }

  static String cell(String v) {
    String s = v == null ? "" : v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
