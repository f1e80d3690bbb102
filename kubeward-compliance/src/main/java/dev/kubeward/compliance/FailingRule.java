package dev.kubeward.compliance;

import dev.kubeward.model.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One rule (a "recommendation") that makes a control fail, with the resources it fails on.
 *
 * @param ruleId the rule's id
 * @param title the rule's title
 * @param severity the rule's severity
 * @param remediation how to fix it
 * @param resources the failing resources, sorted
 */
public record FailingRule(String ruleId, String title, Severity severity, String remediation,
    List<FailingResource> resources) {
  public FailingRule {
    Objects.requireNonNull(ruleId, "ruleId");
    title = title == null ? ruleId : title;
    severity = severity == null ? Severity.UNKNOWN : severity;
    remediation = remediation == null ? "" : remediation;
    resources = List.copyOf(resources);
  }
}
