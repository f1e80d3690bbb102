package dev.kubeward.posture.report;

import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ScanReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared JSON-shaped views of findings and errors, so every format names fields the same way. */
final class ReportRows {
  private ReportRows() {}

  static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.ruleId());
    m.put("title", f.title());
    m.put("severity", f.severity().label());
    m.put("category", f.category());
    m.put("outcome", f.outcome().label());
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", f.resource().apiVersion());
    resource.put("kind", f.resource().kind());
    resource.put("namespace", f.resource().namespace());
    resource.put("name", f.resource().name());
    m.put("resource", resource);
    if (!f.container().isEmpty()) {
      m.put("container", f.container());
    }
    m.put("message", f.message());
    m.put("remediation", f.remediation());
    m.put("controls", f.controls());
    f.location().ifPresent(l -> {
      Map<String, Object> loc = new LinkedHashMap<>();
      loc.put("file", l.file());
      loc.put("line", l.line());
      m.put("location", loc);
    });
    return m;
  }

  static Map<String, Object> problem(LoadProblem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.location().file());
    m.put("line", p.location().line());
    m.put("message", p.message());
    return m;
  }

  static List<Map<String, Object>> errors(ScanReport report) {
    return report.problems().stream().filter(p -> !p.skipped()).map(ReportRows::problem).toList();
  }

  static List<Map<String, Object>> skipped(ScanReport report) {
    return report.problems().stream().filter(LoadProblem::skipped).map(ReportRows::problem).toList();
  }

  static List<Map<String, Object>> notEvaluated(ScanReport report) {
    return new java.util.TreeMap<>(report.notEvaluated()).entrySet().stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", e.getKey());
      m.put("reason", e.getValue().reason().label());
      m.put("message", e.getValue().describe());
      return m;
    }).toList();
  }

  static String where(Finding f) {
    return f.resource().key() + (f.container().isEmpty() ? "" : " [" + f.container() + "]");
  }
}
