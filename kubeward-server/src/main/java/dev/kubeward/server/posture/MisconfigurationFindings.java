package dev.kubeward.server.posture;

import dev.kubeward.posture.Finding;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.findings.ReportedFinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the posture engine's findings into the findings store's {@link ReportedFinding}s: the engine's stable key,
 * the message naming the offending field as details, and the rule's explanation in the attributes.
 */
public final class MisconfigurationFindings {
  /** The findings store's source name for the posture engine. */
  public static final String SOURCE = "posture";

  private MisconfigurationFindings() {}

  /** The findings store's form of one engine finding. */
  public static ReportedFinding reported(Finding f, RuleSet rules) {
    Rule rule = rules.rule(f.ruleId()).orElse(null);
    boolean error = f.outcome() == Finding.Outcome.RULE_ERROR;
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("outcome", f.outcome().label());
    attributes.put("message", f.message());
    attributes.put("category", f.category());
    attributes.put("apiVersion", f.resource().apiVersion());
    if (!f.container().isEmpty()) {
      attributes.put("container", f.container());
    }
    attributes.put("controls", f.controls());
    if (rule != null) {
      attributes.put("target", rule.target().label());
      attributes.put("description", rule.description());
      attributes.put("remediation", rule.remediation());
      attributes.put("references", rule.references());
    } else {
      attributes.put("remediation", f.remediation());
      attributes.put("references", List.of());
    }
    f.location().ifPresent(l -> {
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("file", l.file());
      location.put("line", l.line());
      attributes.put("location", location);
    });
    return ReportedFinding.builder(f.ruleId(), error ? "Rule error: " + f.title() : f.title(), f.severity())
        .key(f.key())
        .details(f.message())
        .resource(f.resource())
        .container(f.container())
        .attributes(attributes)
        .build();
  }
}
