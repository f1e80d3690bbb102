package dev.kubeward.compliance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ComplianceSummary;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import dev.kubeward.model.Control;
import dev.kubeward.model.Standard;

/**
 * The JSON form of a compliance result ({@code standard}, {@code evaluatedAt}, {@code summary}, {@code controls}),
 * the same for {@code kubeward scan manifests --standard} and the server's evidence export.
 */
public final class ComplianceJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ComplianceJson() {}

  /** The whole result: every control with its status, rules, failing resources and audit steps. */
  public static ObjectNode toJson(ComplianceResult result) {
    ObjectNode root = F.objectNode();
    root.set("standard", standard(result.standard()));
    root.put("evaluatedAt", result.evaluatedAt().toString());
    root.set("summary", summary(result.summary()));
    ArrayNode controls = root.putArray("controls");
    for (ControlResult c : result.controls()) {
      controls.add(control(result.standard(), c));
    }
    return root;
  }

  /** {@code id}, {@code name}, {@code version}. */
  public static ObjectNode standard(Standard s) {
    ObjectNode n = F.objectNode();
    n.put("id", s.id());
    n.put("name", s.name());
    n.put("version", s.version());
    return n;
  }

  /** Counts, automated count and score (null when nothing is automated). */
  public static ObjectNode summary(ComplianceSummary s) {
    ObjectNode n = F.objectNode();
    n.put("passed", s.passed());
    n.put("failed", s.failed());
    n.put("manual", s.manual());
    n.put("notEvaluated", s.notEvaluated());
    n.put("automated", s.automated());
    if (s.score().isPresent()) {
      n.put("score", s.score().getAsDouble());
    } else {
      n.putNull("score");
    }
    return n;
  }

  /** One control's result. */
  public static ObjectNode control(Standard standard, ControlResult r) {
    Control c = r.control();
    ObjectNode n = F.objectNode();
    n.put("id", c.id());
    n.put("title", c.title());
    n.put("section", c.section());
    n.put("sectionTitle", standard.sectionTitle(c.section()));
    n.put("status", r.status().label());
    n.put("automated", c.automated());
    ArrayNode rules = n.putArray("rules");
    c.ruleIds().forEach(rules::add);
    if (!r.failing().isEmpty()) {
      n.put("severity", r.severity().label());
    }
    r.notEvaluated().ifPresent(ne -> {
      ObjectNode why = n.putObject("notEvaluated");
      why.put("reason", ne.reason().label());
      why.put("detail", ne.detail());
    });
    if (!c.description().isEmpty()) {
      n.put("description", c.description());
    }
    if (!c.audit().isEmpty()) {
      n.put("audit", c.audit());
    }
    ArrayNode failing = n.putArray("failing");
    for (FailingRule f : r.failing()) {
      failing.add(failingRule(f));
    }
    return n;
  }

  /** One failing rule with its resources. */
  public static JsonNode failingRule(FailingRule f) {
    ObjectNode fr = F.objectNode();
    fr.put("ruleId", f.ruleId());
    fr.put("title", f.title());
    fr.put("severity", f.severity().label());
    fr.put("remediation", f.remediation());
    ArrayNode resources = fr.putArray("resources");
    for (FailingResource res : f.resources()) {
      ObjectNode o = resources.addObject();
      o.put("apiVersion", res.resource().apiVersion());
      o.put("kind", res.resource().kind());
      o.put("namespace", res.resource().namespace());
      o.put("name", res.resource().name());
      o.put("container", res.container());
      o.put("message", res.message());
    }
    return fr;
  }
}
