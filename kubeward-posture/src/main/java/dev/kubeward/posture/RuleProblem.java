package dev.kubeward.posture;

/**
 * Why a rule file was rejected: which file, which rule (if its id could be read), and what is wrong — a missing
 * field, an unknown severity, or the CEL compiler's message with line and column.
 */
public record RuleProblem(String source, String ruleId, String message) {
  @Override
  public String toString() {
    return source + (ruleId.isEmpty() ? "" : " [" + ruleId + "]") + ": " + message;
  }
}
