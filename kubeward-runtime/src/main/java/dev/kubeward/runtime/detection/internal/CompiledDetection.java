package dev.kubeward.runtime.detection.internal;

import dev.kubeward.runtime.detection.Detection;
import dev.kubeward.runtime.detection.InvalidDetectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * A detection with its CEL compiled: the condition (null when there is none), one program per sequence step, and the
 * first-seen value expression.
 */
public record CompiledDetection(
    Detection detection,
    CelEnvironment.Compiled condition,
    List<CelEnvironment.Compiled> steps,
    CelEnvironment.Compiled firstSeenValue) {

  /**
   * Compiles every expression of a detection.
   *
   * @throws InvalidDetectionException naming the detection and the expression that does not compile
   */
  public static CompiledDetection compile(Detection d) {
    String where = d.origin() + ": detection '" + d.id() + "': ";
    CelEnvironment.Compiled condition = d.condition().isEmpty() ? null : compile(d.condition(), true, where + "condition: ");
    List<CelEnvironment.Compiled> steps = new ArrayList<>();
    if (d.sequence() != null) {
      for (Detection.Step s : d.sequence().steps()) {
        steps.add(s.condition().isEmpty() ? null
            : compile(s.condition(), true, where + "sequence step '" + s.name() + "': "));
      }
    }
    CelEnvironment.Compiled value = d.firstSeen() == null ? null
        : compile(d.firstSeen().value(), false, where + "firstSeen.value: ");
    return new CompiledDetection(d, condition, steps, value);
  }

  private static CelEnvironment.Compiled compile(String expr, boolean bool, String where) {
    try {
      return CelEnvironment.compile(expr, bool);
    } catch (IllegalArgumentException e) {
      throw new InvalidDetectionException(where + e.getMessage(), e);
    }
  }
}
