package dev.kubeward.compliance;

import dev.kubeward.model.Control;
import dev.kubeward.model.DetectionTechniques;
import dev.kubeward.model.Standard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which runtime detections decide which technique controls, derived from data on both sides: the detections' own
 * ATT&CK technique ids ({@link DetectionTechniques}, provided by the runtime engine through {@code ServiceLoader}) and
 * the control ids of standards marked {@code techniqueControls}. A detection of a technique maps to the control with
 * that id; a detection of a sub-technique ({@code T1070.003}) maps to the sub-technique's control when the standard
 * has one, else to its parent technique's ({@code T1070}).
 */
public final class TechniqueDetections {
  private final Map<String, String> techniques;

  /** The mapping of the installed runtime detections. */
  public static TechniqueDetections installed() {
    return new TechniqueDetections(DetectionTechniques.installed());
  }

  /** The mapping of these detections (detection id to technique id). */
  public TechniqueDetections(Map<String, String> techniques) {
    this.techniques = Map.copyOf(techniques);
  }

  /** Every known detection id. */
  public Set<String> detectionIds() {
    return techniques.keySet();
  }

  /** The detections that decide this control of this standard, sorted; empty for standards of other controls. */
  public List<String> detectionsFor(Standard standard, Control control) {
    if (!standard.techniqueControls()) {
      return List.of();
    }
    Set<String> ids = standard.controls().stream().map(Control::id).collect(Collectors.toSet());
    List<String> out = new ArrayList<>();
    techniques.forEach((detection, technique) -> {
      if (control.id().equals(target(technique, ids))) {
        out.add(detection);
      }
    });
    out.sort(null);
    return out;
  }

  /** Detection id to the {@code standard:control} ids it decides, for every technique standard of the catalogue. */
  public Map<String, List<String>> controlsByDetection(Standards standards) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    for (Standard s : standards.all()) {
      if (!s.techniqueControls()) {
        continue;
      }
      Set<String> ids = s.controls().stream().map(Control::id).collect(Collectors.toSet());
      techniques.forEach((detection, technique) -> {
        String control = target(technique, ids);
        if (control != null) {
          out.computeIfAbsent(detection, k -> new TreeSet<>()).add(s.id() + ":" + control);
        }
      });
    }
    Map<String, List<String>> result = new TreeMap<>();
    out.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return result;
  }

  private static String target(String technique, Set<String> controlIds) {
    if (controlIds.contains(technique)) {
      return technique;
    }
    int dot = technique.indexOf('.');
    return dot > 0 && controlIds.contains(technique.substring(0, dot)) ? technique.substring(0, dot) : null;
  }
}
