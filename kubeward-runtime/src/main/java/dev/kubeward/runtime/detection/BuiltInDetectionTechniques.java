package dev.kubeward.runtime.detection;

import dev.kubeward.model.DetectionTechniques;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ATT&CK technique of every built-in detection, read from the detections' own {@code mitre} field. Registered in
 * {@code META-INF/services/dev.kubeward.model.DetectionTechniques} for the compliance module's ATT&CK standard.
 */
public final class BuiltInDetectionTechniques implements DetectionTechniques {
  @Override
  public Map<String, String> techniques() {
    Map<String, String> out = new TreeMap<>();
    for (Detection d : DetectionCatalog.builtIn().detections()) {
      if (!d.mitre().unmapped()) {
        out.put(d.id(), d.mitre().techniqueId());
      }
    }
    return out;
  }
}
