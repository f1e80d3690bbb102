package dev.kubeward.compliance;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The counts of one standard's assessment. The score is the share of automated controls that passed: controls that
 * were not evaluated stay in the denominator, so they can only lower it.
 *
 * @param passed automated controls that passed
 * @param failed automated controls that failed
 * @param manual controls that need a person
 * @param notEvaluated automated controls that could not be decided
 */
public record ComplianceSummary(int passed, int failed, int manual, int notEvaluated) {

  /** Counts the statuses of these results. */
  public static ComplianceSummary of(List<ControlResult> results) {
    int p = 0;
    int f = 0;
    int m = 0;
    int n = 0;
    for (ControlResult r : results) {
      switch (r.status()) {
        case PASSED -> p++;
        case FAILED -> f++;
        case MANUAL -> m++;
        case NOT_EVALUATED -> n++;
      }
    }
    return new ComplianceSummary(p, f, m, n);
  }

  /** Controls that rules decide (passed + failed + not evaluated). */
  public int automated() {
    return passed + failed + notEvaluated;
  }

  /** Percentage (0–100, one decimal) of automated controls passing; empty when the standard has none. */
  public OptionalDouble score() {
    int a = automated();
    return a == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.floor(passed * 1000.0 / a) / 10.0);
  }
}
