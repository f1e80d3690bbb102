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
 * cluster's disabled detections change (checked at most once a minute). Threshold and sequence state lives in the
 * engine's memory only; a new engine (after a start, a rebuild or a rolled back batch) is given it back by its
 * caller, which replays the cluster's last correlation window into it ({@link BatchReplay}).
 */
@Component
public class ClusterEngines {
  private static final Duration SETTINGS_CHECK = Duration.ofMinutes(1);

  private final PersistentFirstSeenStore firstSeen;
  private final RuntimePolicyStore policies;
  private final SettingsService settings;
  private final Clock clock;
  private final Map<String, Entry> engines = new ConcurrentHashMap<>();
  // The built-in catalog does not change while the process runs; computed on first use (it compiles the catalog).
  private volatile Duration window;

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
    return engine(clusterId, built -> { });
  }

  /**
   * The engine for a cluster, built or rebuilt as needed; a new engine is handed to {@code onBuilt} (to replay the
   * last window into it) before it is kept and returned.
   */
  public DetectionEngine engine(String clusterId, java.util.function.Consumer<DetectionEngine> onBuilt) {
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
    DetectionEngine engine = build(disabled);
    onBuilt.accept(engine);
    engines.put(clusterId, new Entry(engine, drift, disabled, now));
    return engine;
  }

  /** A new engine for a cluster that is not kept (the recovery's, fed the cluster's batches in their own order). */
  public DetectionEngine fresh(String clusterId) {
    return build(disabled(clusterId));
  }

  private DetectionEngine build(Set<String> disabled) {
    return DetectionEngine.builder(catalog())
        .settings(new DetectionSettings(disabled, Map.of()))
        .firstSeenStore(firstSeen)
        .drift(new DriftEvaluator(ImageFileIndex.NONE, policies.driftPolicies()))
        .build();
  }

  /**
   * The longest window of a threshold or sequence detection: how far back a new engine must be replayed to hold what
   * an engine that never stopped would hold.
   */
  public Duration correlationWindow() {
    Duration known = window;
    if (known != null) {
      return known;
    }
    Duration longest = Duration.ZERO;
    for (var d : catalog().detections()) {
      Duration w = d.threshold() != null ? d.threshold().window()
          : d.sequence() != null ? d.sequence().window() : Duration.ZERO;
      if (w.compareTo(longest) > 0) {
        longest = w;
      }
    }
    window = longest;
    return longest;
  }

  /**
   * Forgets a cluster's engine: the cluster was deleted, a batch rolled back (the engine took in its events), or the
   * recovery processed batches the engine never saw. The next batch builds a new one, replayed from the database.
   */
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
