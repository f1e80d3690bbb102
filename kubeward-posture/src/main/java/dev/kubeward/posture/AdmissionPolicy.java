package dev.kubeward.posture;

import dev.kubeward.posture.internal.YamlText;
import java.util.List;
import java.util.Map;

/**
 * A rule exported for admission control: a ValidatingAdmissionPolicy and its binding, as Kubernetes objects.
 *
 * @param ruleId the rule it enforces
 * @param name the policy's (and binding's) name, {@code kubeward-<rule id in lower case>}
 * @param policy the ValidatingAdmissionPolicy object
 * @param binding the ValidatingAdmissionPolicyBinding object
 */
public record AdmissionPolicy(String ruleId, String name, Map<String, Object> policy, Map<String, Object> binding) {
  /** Both objects as a two-document YAML stream. */
  public String toYaml() {
    return YamlText.dumpAll(List.of(policy, binding));
  }

  /** What the binding does with a violation (Kubernetes' {@code validationActions}). */
  public enum Action {
    /** Reject the request. */
    DENY("Deny"),
    /** Admit it and return a warning to the client. */
    WARN("Warn"),
    /** Admit it and record the violation in the audit log. */
    AUDIT("Audit");

    private final String value;

    Action(String value) {
      this.value = value;
    }

    /** The value in the binding ({@code Deny}). */
    public String value() {
      return value;
    }
  }
}
