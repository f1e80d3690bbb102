package dev.kubeward.posture;

import java.util.List;

/**
 * Maps a rule to the compliance controls it decides ({@code standard:control}). The compliance module supplies the
 * real mapping from its standards' data; until then findings carry none.
 */
@FunctionalInterface
public interface ControlMapping {
  /** No controls for any rule. */
  ControlMapping NONE = ruleId -> List.of();

  /** The controls a failure of this rule counts against, sorted. */
  List<String> controlsFor(String ruleId);
}
