package dev.kubeward.compliance;

import dev.kubeward.model.Control;
import dev.kubeward.model.ControlRef;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.ControlMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The posture engine's {@link ControlMapping} computed from standards: a rule maps to every automated control that
 * names it, and a runtime detection to the technique controls of its ATT&CK technique ({@link TechniqueDetections}),
 * so runtime alerts can carry their controls the same way findings do. Registered in {@code META-INF/services/dev.kubeward.posture.ControlMapping}, so an engine with this module
 * on its class path labels findings with the built-in standards' controls without anyone listing them.
 */
public final class StandardsControlMapping implements ControlMapping {
  private final Map<String, List<String>> byRule;

  /** The mapping of the built-in standards (the constructor {@link java.util.ServiceLoader} uses). */
  public StandardsControlMapping() {
    this(Standards.builtIn());
  }

  /** The mapping of these standards. */
  public StandardsControlMapping(Standards standards) {
    this(standards, TechniqueDetections.installed());
  }

  /** The mapping of these standards and detections. */
  public StandardsControlMapping(Standards standards, TechniqueDetections detections) {
    Map<String, TreeSet<ControlRef>> refs = new HashMap<>();
    for (Standard s : standards.all()) {
      for (Control c : s.controls()) {
        if (c.automated()) {
          for (String rule : c.ruleIds()) {
            refs.computeIfAbsent(rule, k -> new TreeSet<>()).add(new ControlRef(s.id(), c.id()));
          }
        }
      }
    }
    detections.controlsByDetection(standards).forEach((detection, controls) -> controls.forEach(ref ->
        refs.computeIfAbsent(detection, k -> new TreeSet<>()).add(ControlRef.parse(ref))));
    Map<String, List<String>> out = new HashMap<>();
    refs.forEach((rule, set) -> {
      List<String> texts = new ArrayList<>();
      set.forEach(r -> texts.add(r.toString()));
      out.put(rule, List.copyOf(texts));
    });
    this.byRule = Map.copyOf(out);
  }

  @Override
  public List<String> controlsFor(String ruleId) {
    return byRule.getOrDefault(ruleId, List.of());
  }
}
