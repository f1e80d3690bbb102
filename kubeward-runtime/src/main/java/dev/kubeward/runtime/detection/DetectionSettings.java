package dev.kubeward.runtime.detection;

import java.util.Map;
import java.util.Set;

/**
 * Per-cluster (or per-workspace) choices about detections: which are off and which parameters differ from the
 * defaults in the detection files.
 *
 * @param disabled ids of detections that do not run
 * @param params parameter overrides by detection id, e.g. {@code k8s-node-not-allowed -> allowedNodes -> [...]}
 */
public record DetectionSettings(Set<String> disabled, Map<String, Map<String, Object>> params) {
  /** Everything on, every default. */
  public static final DetectionSettings DEFAULT = new DetectionSettings(Set.of(), Map.of());

  public DetectionSettings {
    disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
