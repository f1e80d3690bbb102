package dev.kubeward.server.runtime;

import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionSettings;
import dev.kubeward.runtime.drift.DriftEvaluator;
import dev.kubeward.runtime.drift.ImageFileIndex;
import dev.kubeward.server.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One detection engine per cluster: its detections (built-in minus the cluster's disabled ones), the persistent
 * first-seen store and the drift policies in order. An engine is rebuilt when the drift policies change or the
 * cluster's disabled detections change (checked at most once a minute); a rebuild starts threshold and sequence state
 * afresh, which costs at most one window of correlation.
 */
@Component
public class ClusterEngines {
  private static final Duration SETTINGS_CHECK = Duration.ofMinutes(1);

  private final PersistentFirstSeenStore firstSeen;
  private final RuntimePolicyStore policies;
  private final SettingsService settings;
  private final Clock clock;
  private final Map<String, Entry> engines = new ConcurrentHashMap<>();

  public ClusterEngines(PersistentFirstSeenStore firstSeen, RuntimePolicyStore policies, SettingsService settings,
      Clock clock) {
    this.firstSeen = firstSeen;
    this.policies = policies;
    this.settings = settings;
    this.clock = clock;
  }

  private record Entry(DetectionEngine engine, long driftVersion, Set<String> disabled, Instant checkedAt) {}

  /** The detections every engine starts from. */
  public DetectionCatalog catalog() {
    // Not a field: the catalog compiles its detections on first use, which a server start should not wait for.
    return DetectionCatalog.builtIn();
  }

  /** The engine for a cluster, built or rebuilt as needed. */
  public DetectionEngine engine(String clusterId) {
    Instant now = clock.instant();
    Entry e = engines.get(clusterId);
    long drift = policies.driftVersion();
    if (e != null && e.driftVersion() == drift && now.isBefore(e.checkedAt().plus(SETTINGS_CHECK))) {
      return e.engine();
    }
    Set<String> disabled = disabled(clusterId);
    if (e != null && e.driftVersion() == drift && e.disabled().equals(disabled)) {
      engines.put(clusterId, new Entry(e.engine(), drift, disabled, now));
      return e.engine();
    }
    DetectionEngine engine = DetectionEngine.builder(catalog())
        .settings(new DetectionSettings(disabled, Map.of()))
        .firstSeenStore(firstSeen)
        .drift(new DriftEvaluator(ImageFileIndex.NONE, policies.driftPolicies()))
        .build();
    engines.put(clusterId, new Entry(engine, drift, disabled, now));
    return engine;
  }

  /** Forgets a cluster's engine (the cluster was deleted). */
  public void drop(String clusterId) {
    engines.remove(clusterId);
  }

  private Set<String> disabled(String clusterId) {
    try {
      return new TreeSet<>(settings.effective(clusterId).stringList(RuntimeSettings.DISABLED_DETECTIONS));
    } catch (RuntimeException e) {
      return Set.of();
    }
  }
}
