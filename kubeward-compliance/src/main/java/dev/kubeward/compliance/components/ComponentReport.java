package dev.kubeward.compliance.components;

import dev.kubeward.model.NotEvaluated;
import dev.kubeward.posture.Finding;
import java.util.List;
import java.util.Map;

/**
 * The component checks' result for one cluster: the failures (on the static pods and Nodes) and, per component kind,
 * why it could not be evaluated. The compliance assessor reads both: a check whose kind is listed here is "not
 * evaluated" with that reason unless it failed somewhere.
 *
 * @param findings failures and rule errors of the component checks
 * @param notEvaluated component kind ({@code KubeAPIServer}, {@code KubeletConfiguration}, ...) to why it was not (fully)
 *     seen
 */
public record ComponentReport(List<Finding> findings, Map<String, NotEvaluated> notEvaluated) {
  public ComponentReport {
    findings = List.copyOf(findings);
    notEvaluated = Map.copyOf(notEvaluated);
  }
}
