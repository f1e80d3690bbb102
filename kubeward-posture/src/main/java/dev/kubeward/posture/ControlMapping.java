package dev.kubeward.posture;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Maps a rule to the compliance controls it decides ({@code standard:control}). The compliance module supplies the
 * real mapping from its standards' data and registers it in {@code META-INF/services/dev.kubeward.posture.ControlMapping};
 * {@link #installed()} finds it, so the engine never keeps a list of standards itself.
 */
@FunctionalInterface
public interface ControlMapping {
  /** No controls for any rule. */
  ControlMapping NONE = ruleId -> List.of();

  /** The controls a failure of this rule counts against, sorted. */
  List<String> controlsFor(String ruleId);

  /**
   * The mapping registered through {@link ServiceLoader} (the compliance module's, when it is on the class path), or
   * {@link #NONE}. Looked up once.
   */
  static ControlMapping installed() {
    return Installed.MAPPING;
  }

  /** Lazy holder: the service is looked up on first use only. */
  final class Installed {
    private static final ControlMapping MAPPING = ServiceLoader.load(ControlMapping.class,
        ControlMapping.class.getClassLoader()).findFirst().orElse(NONE);

    private Installed() {}
  }
}
