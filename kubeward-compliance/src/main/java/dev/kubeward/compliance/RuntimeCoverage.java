package dev.kubeward.compliance;

import dev.kubeward.model.NotEvaluated;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the runtime side says about a cluster, for technique controls: whether a sensor is reporting, which detections
 * are turned off, and the open alerts per detection. A technique control fails on an open alert of one of its
 * detections; it passes only when its detections are all on and a sensor reports.
 *
 * @param sensorNotReporting why no sensor counts as reporting (none posted, silent, refused batches, sensor off);
 *     empty when one reports
 * @param disabledDetections detections turned off for the cluster
 * @param openAlerts detection id to its open alerts as a failing rule (title, severity, resources)
 */
public record RuntimeCoverage(Optional<NotEvaluated> sensorNotReporting, Set<String> disabledDetections,
    Map<String, FailingRule> openAlerts) {
  public RuntimeCoverage {
    sensorNotReporting = sensorNotReporting == null ? Optional.empty() : sensorNotReporting;
    disabledDetections = Set.copyOf(disabledDetections);
    openAlerts = Map.copyOf(openAlerts);
  }
}
