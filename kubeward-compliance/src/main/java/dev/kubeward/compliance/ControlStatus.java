package dev.kubeward.compliance;

/**
 * The state of one control in one assessment. {@link #NOT_EVALUATED} is never counted as passed: it lowers the score
 * like a failure would, but is shown apart with its reason.
 */
public enum ControlStatus {
  /** Every rule of the control was evaluated and none failed on any resource in scope. */
  PASSED("passed"),
  /** At least one rule of the control fails on at least one resource. */
  FAILED("failed"),
  /** A person has to check it (audit steps); never counted either way. */
  MANUAL("manual"),
  /** It could not be decided (rule disabled, rule error, kinds the credentials may not read). */
  NOT_EVALUATED("not evaluated");

  private final String label;

  ControlStatus(String label) {
    this.label = label;
  }

  /** Text used in reports and the API. */
  public String label() {
    return label;
  }
}
