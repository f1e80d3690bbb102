package dev.kubeward.runtime.drift;

import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a process start in a container is binary drift (its executable is not in the image) and whether a
 * drift policy allows it.
 *
 * <p>Evidence, strongest first: the sensor says the executable has no file (memfd) or lives in the container's
 * writable upper layer (Falco's {@code proc.is_exe_upper_layer}); the {@link ImageFileIndex} says the image lacks the
 * path. When the index knows the file is in the image and the sensor raises no signal, it is not drift.
 */
public final class DriftEvaluator {
  private final ImageFileIndex index;
  private final List<DriftPolicy> policies;

  /**
   * @param index what images contain ({@link ImageFileIndex#NONE} until the image module provides it)
   * @param policies policies in evaluation order
   */
  public DriftEvaluator(ImageFileIndex index, List<DriftPolicy> policies) {
    this.index = index == null ? ImageFileIndex.NONE : index;
    this.policies = policies == null ? List.of() : List.copyOf(policies);
  }

  /** Sensor signals only, no policies: every drift alerts. */
  public static DriftEvaluator sensorSignalsOnly() {
    return new DriftEvaluator(ImageFileIndex.NONE, List.of());
  }

  /** The policies, in order. */
  public List<DriftPolicy> policies() {
    return policies;
  }

  /** The verdict for one event; events that are not process starts in containers are never drift. */
  public DriftVerdict evaluate(RuntimeEvent e) {
    if (e.kind() != EventKind.PROCESS_START || !e.inContainer()) {
      return DriftVerdict.none("not a process start in a container");
    }
    ProcessInfo p = e.process();
    String exe = p.executable();
    String reason;
    if (p.exeFromMemory()) {
      reason = "the executable " + describe(p) + " has no file on disk (memfd or deleted): it cannot be from the image";
    } else if (p.exeUpperLayer()) {
      reason = "the sensor reports that " + describe(p) + " was written after the container started";
    } else if (!exe.isEmpty()
        && index.contains(e.imageDigest(), e.image(), exe) == ImageFileIndex.Knowledge.NOT_IN_IMAGE) {
      reason = "the executable " + exe + " is not in the image " + (e.image().isEmpty() ? e.imageDigest() : e.image());
    } else {
      return DriftVerdict.none("no sign that " + describe(p) + " is outside the image");
    }
    for (DriftPolicy policy : policies) {
      if (policy.matches(e)) {
        return new DriftVerdict(true, policy.action() == DriftAction.ALERT,
            reason + "; drift policy '" + policy.name() + "' says " + policy.action().name().toLowerCase(),
            Optional.of(policy));
      }
    }
    return new DriftVerdict(true, true, reason, Optional.empty());
  }

  private static String describe(ProcessInfo p) {
    return p.executable().isEmpty() ? p.name() : p.executable();
  }
}
