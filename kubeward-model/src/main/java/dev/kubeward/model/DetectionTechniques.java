package dev.kubeward.model;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The ATT&CK technique each shipped runtime detection detects. The runtime engine provides it from its detection
 * files and registers it in {@code META-INF/services/dev.kubeward.model.DetectionTechniques}; the compliance module
 * finds it through {@link #installed()} and maps detections to the technique controls of ATT&CK-based standards, so
 * neither keeps a list of the other's ids.
 */
public interface DetectionTechniques {
  /** Detection id to its ATT&CK technique id ({@code T1611}, or a sub-technique {@code T1552.007}). */
  Map<String, String> techniques();

  /** Every installed provider's mapping, merged (empty when no runtime engine is on the class path). Looked up once. */
  static Map<String, String> installed() {
    return Installed.ALL;
  }

  /** Lazy holder: the services are looked up on first use only. */
  final class Installed {
    private static final Map<String, String> ALL = load();

    private Installed() {}

    private static Map<String, String> load() {
      Map<String, String> all = new TreeMap<>();
      for (DetectionTechniques p : ServiceLoader.load(DetectionTechniques.class,
          DetectionTechniques.class.getClassLoader())) {
        all.putAll(p.techniques());
      }
      return java.util.Collections.unmodifiableMap(all);
    }
  }
}
