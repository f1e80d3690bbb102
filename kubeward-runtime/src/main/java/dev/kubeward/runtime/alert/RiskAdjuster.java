package dev.kubeward.runtime.alert;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.util.Optional;

/**
 * Turns an alert's severity into a risk for its environment (a High alert on an internet-facing workload with
 * exploitable vulnerabilities is Critical). The risk engine provides one later; until then risk follows severity.
 */
@FunctionalInterface
public interface RiskAdjuster {
  /** Risk from severity alone. */
  RiskAdjuster SEVERITY_ONLY = alert -> Optional.empty();

  /** A different risk for this alert and why, or empty to keep the severity-based risk. Must not throw. */
  Optional<Assessment> assess(Alert alert);

  /**
   * A risk and its reason.
   *
   * @param risk the risk level
   * @param reason why, for the alert's detail panel ("workload is exposed through a LoadBalancer")
   */
  record Assessment(RiskLevel risk, String reason) {}

  /** The risk an alert has before any adjustment. */
  static RiskLevel fromSeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> RiskLevel.CRITICAL;
      case HIGH -> RiskLevel.HIGH;
      case MEDIUM -> RiskLevel.MEDIUM;
      default -> RiskLevel.LOW;
    };
  }
}
