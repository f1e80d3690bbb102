package dev.kubeward.posture;

import java.util.Map;

/**
 * How a {@link PostureEngine} evaluates: parameter overrides per rule (e.g. the registry allow-list) and the mapping
 * from rules to compliance controls.
 *
 * @param params rule id to parameter overrides (merged over the rule's defaults)
 * @param controls which controls each rule's failures count against
 * @param threads worker threads for full scans (1 = the calling thread only)
 */
public record EngineOptions(Map<String, Map<String, Object>> params, ControlMapping controls, int threads) {
  public EngineOptions {
    params = params == null ? Map.of() : Map.copyOf(params);
    controls = controls == null ? ControlMapping.NONE : controls;
    threads = Math.max(1, threads);
  }

  /** No overrides, the installed control mapping ({@link ControlMapping#installed()}), one thread per core. */
  public static EngineOptions defaults() {
    return new EngineOptions(Map.of(), ControlMapping.installed(), Runtime.getRuntime().availableProcessors());
  }

  /** The same options with another control mapping. */
  public EngineOptions withControls(ControlMapping mapping) {
    return new EngineOptions(params, mapping, threads);
  }

  /** The same options with parameter overrides. */
  public EngineOptions withParams(Map<String, Map<String, Object>> overrides) {
    return new EngineOptions(overrides, controls, threads);
  }
}
