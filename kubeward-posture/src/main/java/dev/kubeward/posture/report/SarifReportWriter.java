package dev.kubeward.posture.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, the rules that produced results (with help and a
 * {@code security-severity}), one result per failure with the file and line and the Kubernetes object as a logical
 * location. Rule errors and unreadable inputs are tool notifications, never results.
 */
public final class SarifReportWriter implements ReportWriter {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void write(ScanReport report, ReportContext context, Writer out) throws IOException {
    List<Finding> failures = report.findings().stream().filter(f -> f.outcome() == Finding.Outcome.FAIL).toList();
    List<String> ruleIds = new ArrayList<>(new TreeSet<>(failures.stream().map(Finding::ruleId).toList()));

    List<Object> rules = new ArrayList<>();
    for (String id : ruleIds) {
      Rule r = context.rules().rule(id).orElse(null);
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", id);
      if (r != null) {
        rule.put("name", pascal(r.title()));
        rule.put("shortDescription", text(r.title()));
        rule.put("fullDescription", text(r.description().isEmpty() ? r.title() : r.description()));
        rule.put("help", text(r.remediation()));
        if (!r.references().isEmpty()) {
          rule.put("helpUri", r.references().get(0));
        }
        rule.put("defaultConfiguration", Map.of("level", level(r.severity())));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tags", List.of("security", "kubernetes", r.category()));
        props.put("security-severity", securitySeverity(r.severity()));
        rule.put("properties", props);
      }
      rules.add(rule);
    }

    List<Object> results = new ArrayList<>();
    for (Finding f : failures) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ruleId", f.ruleId());
      result.put("ruleIndex", ruleIds.indexOf(f.ruleId()));
      result.put("level", level(f.severity()));
      result.put("message", text(f.message()));
      Map<String, Object> location = new LinkedHashMap<>();
      f.location().ifPresent(l -> {
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri(l.file())));
        if (l.line() > 0) {
          physical.put("region", Map.of("startLine", l.line()));
        }
        location.put("physicalLocation", physical);
      });
      Map<String, Object> logical = new LinkedHashMap<>();
      logical.put("name", f.resource().name());
      logical.put("fullyQualifiedName", ReportRows.where(f));
      logical.put("kind", "resource");
      location.put("logicalLocations", List.of(logical));
      result.put("locations", List.of(location));
      result.put("partialFingerprints", Map.of("kubewardFinding/v1", sha256(f.key())));
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("resource", ReportRows.finding(f).get("resource"));
      if (!f.container().isEmpty()) {
        props.put("container", f.container());
      }
      props.put("controls", f.controls());
      result.put("properties", props);
      results.add(result);
    }

    List<Object> notifications = new ArrayList<>();
    for (LoadProblem p : report.problems()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("level", p.skipped() ? "note" : "error");
      n.put("message", text(p.toString()));
      notifications.add(n);
    }
    for (Finding f : report.ruleErrors()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("level", "error");
      n.put("message", text(f.ruleId() + " on " + ReportRows.where(f) + ": " + f.message()));
      n.put("associatedRule", Map.of("id", f.ruleId()));
      notifications.add(n);
    }
    new java.util.TreeMap<>(report.notEvaluated()).forEach((kind, why) -> {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("level", "warning");
      n.put("message", text(kind + ": " + why.describe()));
      notifications.add(n);
    });

    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "kubeward");
    driver.put("version", context.toolVersion());
    driver.put("informationUri", "https://github.com/kubeward/kubeward");
    driver.put("rules", rules);
    Map<String, Object> invocation = new LinkedHashMap<>();
    invocation.put("executionSuccessful", true);
    invocation.put("endTimeUtc", context.generatedAt().toString());
    invocation.put("toolExecutionNotifications", notifications);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("invocations", List.of(invocation));
    run.put("results", results);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    root.put("runs", List.of(run));
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    JsonReportWriter.MAPPER.writer(pretty).writeValue(new JsonReportWriter.NonClosing(out), root);
    out.write("\n");
  }

  private static Map<String, Object> text(String s) {
    return Map.of("text", s);
  }

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      default -> "note";
    };
  }

  private static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      default -> "3.0";
    };
  }

  private static String pascal(String title) {
    StringBuilder sb = new StringBuilder();
    for (String w : title.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
    }
    return sb.toString();
  }

  private static String uri(String file) {
    String path = file.replace('\\', '/');
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (java.net.URISyntaxException e) {
      return path;
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
