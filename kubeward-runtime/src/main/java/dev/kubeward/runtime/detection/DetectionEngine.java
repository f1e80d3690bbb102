package dev.kubeward.runtime.detection;

import dev.kubeward.model.NotEvaluated;
import dev.kubeward.runtime.detection.internal.BoundedLruMap;
import dev.kubeward.runtime.detection.internal.CelEnvironment;
import dev.kubeward.runtime.detection.internal.CompiledDetection;
import dev.kubeward.runtime.detection.internal.EventMaps;
import dev.kubeward.runtime.detection.internal.InMemoryFirstSeenStore;
import dev.kubeward.runtime.detection.internal.SequenceTracker;
import dev.kubeward.runtime.detection.internal.ThresholdTracker;
import dev.kubeward.runtime.drift.DriftEvaluator;
import dev.kubeward.runtime.drift.DriftVerdict;
import dev.kubeward.runtime.event.Entity;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a catalog's detections over normalized events and returns what matched. Stateless detections cost one CEL
 * evaluation per event their selector admits; stateful ones (threshold, sequence, first-seen) keep bounded state keyed
 * by entity values, in event time, so replays of recorded logs behave like live traffic.
 *
 * <p>Thread-safe: the server may call {@link #process} from several workers. An API request logged at several stages
 * counts once per detection (by audit id).
 */
public final class DetectionEngine {
  private final List<Active> all;
  private final Map<EventKind, List<Active>> byKind;
  /** API detections that name resources, by plain resource ({@code pods} also sees {@code pods/exec}). */
  private final Map<String, List<Active>> apiByResource = new HashMap<>();
  /** API detections that name only a subresource path ({@code pods/exec}). */
  private final Map<String, List<Active>> apiByPath = new HashMap<>();
  private final BoundedLruMap<String, Boolean> recentRequests;
  private final FirstSeenStore firstSeen;
  private final DriftEvaluator drift;

  private DetectionEngine(Builder b) {
    StateLimits limits = b.limits;
    this.firstSeen = b.firstSeen != null ? b.firstSeen
        : new InMemoryFirstSeenStore(limits.maxFirstSeenScopes(), limits.maxValuesPerScope());
    this.drift = b.drift != null ? b.drift : DriftEvaluator.sensorSignalsOnly();
    this.recentRequests = new BoundedLruMap<>(limits.maxRecentRequests());
    this.all = new ArrayList<>();
    this.byKind = new EnumMap<>(EventKind.class);
    for (CompiledDetection c : b.catalog.compiled()) {
      Active a = new Active(c, b.settings, limits);
      all.add(a);
      if (a.runs()) {
        for (EventKind k : c.detection().on().kinds()) {
          if (k == EventKind.API_REQUEST && !c.detection().on().resources().isEmpty()
              && c.detection().kind() != DetectionKind.SEQUENCE) {
            index(a);
          } else {
            byKind.computeIfAbsent(k, x -> new ArrayList<>()).add(a);
          }
        }
      }
    }
  }

  /** Indexes an API detection by the resources it names, so other requests never look at it. */
  private void index(Active a) {
    java.util.Set<String> resources = a.detection.on().resources();
    for (String r : resources) {
      int slash = r.indexOf('/');
      if (slash < 0) {
        apiByResource.computeIfAbsent(r, x -> new ArrayList<>()).add(a);
      } else if (!resources.contains(r.substring(0, slash))) {
        apiByPath.computeIfAbsent(r, x -> new ArrayList<>()).add(a);
      }
    }
  }

  /** A builder over a catalog, with default settings, limits, an in-memory first-seen store and sensor-only drift. */
  public static Builder builder(DetectionCatalog catalog) {
    return new Builder(catalog);
  }

  /** Configures an engine. */
  public static final class Builder {
    private final DetectionCatalog catalog;
    private DetectionSettings settings = DetectionSettings.DEFAULT;
    private StateLimits limits = StateLimits.DEFAULT;
    private FirstSeenStore firstSeen;
    private DriftEvaluator drift;

    private Builder(DetectionCatalog catalog) {
      this.catalog = catalog;
    }

    /** Which detections are off and which parameters differ. */
    public Builder settings(DetectionSettings s) {
      this.settings = s;
      return this;
    }

    /** Memory bounds of stateful detections. */
    public Builder limits(StateLimits l) {
      this.limits = l;
      return this;
    }

    /** Where first-seen baselines live (default: bounded, in memory). */
    public Builder firstSeenStore(FirstSeenStore s) {
      this.firstSeen = s;
      return this;
    }

    /** How drift detections decide (image file index and drift policies). */
    public Builder drift(DriftEvaluator d) {
      this.drift = d;
      return this;
    }

    /** The engine. */
    public DetectionEngine build() {
      return new DetectionEngine(this);
    }
  }

  /** Runs every detection that selects this event; returns the matches in catalog order (usually none). */
  public List<DetectionHit> process(RuntimeEvent e) {
    List<Active> candidates = byKind.getOrDefault(e.kind(), List.of());
    if (e.kind() == EventKind.API_REQUEST) {
      List<Active> byResource = apiByResource.getOrDefault(e.api().resource(), List.of());
      List<Active> byPath = e.api().subresource().isEmpty() ? List.of()
          : apiByPath.getOrDefault(e.api().resourcePath(), List.of());
      if (!byResource.isEmpty() || !byPath.isEmpty()) {
        List<Active> all = new ArrayList<>(candidates.size() + byResource.size() + byPath.size());
        all.addAll(candidates);
        all.addAll(byResource);
        all.addAll(byPath);
        candidates = all;
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<String, Object> map = null;
    List<DetectionHit> hits = null;
    for (Active a : candidates) {
      Detection d = a.detection;
      if (d.kind() == DetectionKind.SEQUENCE ? !d.on().kinds().contains(e.kind()) : !d.on().accepts(e)) {
        continue;
      }
      if (map == null) {
        map = EventMaps.of(e);
      }
      DetectionHit hit = evaluate(a, e, map);
      if (hit != null && !e.sensor().rule().isEmpty()) {
        hit = withSensorDetails(hit);
      }
      if (hit != null) {
        a.hits.incrementAndGet();
        if (hits == null) {
          hits = new ArrayList<>(2);
        }
        hits.add(hit);
      }
    }
    return hits == null ? List.of() : hits;
  }

  /** Runs every event in order and collects the matches. */
  public List<DetectionHit> processAll(Collection<RuntimeEvent> events) {
    List<DetectionHit> out = new ArrayList<>();
    for (RuntimeEvent e : events) {
      out.addAll(process(e));
    }
    return out;
  }

  private DetectionHit evaluate(Active a, RuntimeEvent e, Map<String, Object> map) {
    Detection d = a.detection;
    switch (d.kind()) {
      case EVENT -> {
        if (!test(a, a.compiled.condition(), map) || !firstTimeForRequest(a, e)) {
          return null;
        }
        return new DetectionHit(d, e, List.of(EventRef.of(e)), e.time(), "", Map.of());
      }
      case THRESHOLD -> {
        if (!test(a, a.compiled.condition(), map) || !firstTimeForRequest(a, e)) {
          return null;
        }
        String key = key(d.threshold().groupBy(), Entity.of(e));
        if (key == null) {
          return null;
        }
        Optional<List<EventRef>> done = a.threshold.add(key, e.time(), EventRef.of(e));
        if (done.isEmpty()) {
          return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("count", Integer.toString(d.threshold().count()));
        details.put("window", human(d.threshold().window()));
        return new DetectionHit(d, e, done.get(), e.time(), key, details);
      }
      case SEQUENCE -> {
        String key = key(d.sequence().groupBy(), Entity.of(e));
        if (key == null) {
          return null;
        }
        List<Detection.Step> steps = d.sequence().steps();
        Optional<List<EventRef>> done = a.sequence.offer(key, e.time(), EventRef.of(e),
            i -> steps.get(i).on().accepts(e) && test(a, a.compiled.steps().get(i), map));
        if (done.isEmpty()) {
          return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("steps", String.join(" → ", steps.stream().map(Detection.Step::name).toList()));
        details.put("window", human(d.sequence().window()));
        return new DetectionHit(d, e, done.get(), e.time(), key, details);
      }
      case FIRST_SEEN -> {
        if (!test(a, a.compiled.condition(), map) || !firstTimeForRequest(a, e)) {
          return null;
        }
        String scope = key(d.firstSeen().scope(), Entity.of(e));
        if (scope == null) {
          return null;
        }
        Object value;
        try {
          value = a.compiled.firstSeenValue().eval(map, a.params);
        } catch (Exception ex) {
          a.error(ex);
          return null;
        }
        if (value == null || value.toString().isEmpty()) {
          return null;
        }
        String v = value.toString();
        if (firstSeen.observe(d.id() + "\u001f" + scope, v, e.time(), d.firstSeen().learningPeriod())
            != FirstSeenStore.Observation.NEW) {
          return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("value", v);
        details.put("scope", scope.replace('\u001f', ' '));
        return new DetectionHit(d, e, List.of(EventRef.of(e)), e.time(), scope + "\u001f" + v, details);
      }
      case DRIFT -> {
        if (!test(a, a.compiled.condition(), map)) {
          return null;
        }
        DriftVerdict verdict = drift.evaluate(e);
        if (!verdict.alert()) {
          return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("drift", verdict.reason());
        verdict.policy().ifPresent(p -> details.put("driftPolicy", p.id()));
        return new DetectionHit(d, e, List.of(EventRef.of(e)), e.time(), "", details);
      }
      default -> throw new IllegalStateException("unhandled detection kind " + d.kind());
    }
  }

  /** Keeps the sensor's own verdict (Falco rule, priority, tags with its MITRE ids) next to ours. */
  private static DetectionHit withSensorDetails(DetectionHit hit) {
    Map<String, String> details = new LinkedHashMap<>(hit.details());
    RuntimeEvent e = hit.event();
    details.put("sensorRule", e.sensor().rule());
    if (!e.sensor().priority().isEmpty()) {
      details.put("sensorPriority", e.sensor().priority());
    }
    if (!e.sensor().tags().isEmpty()) {
      details.put("sensorTags", String.join(",", e.sensor().tags()));
    }
    return new DetectionHit(hit.detection(), e, hit.evidence(), hit.time(), hit.groupKey(), details);
  }

  /** A null condition selects every event the selector admits. */
  private static boolean test(Active a, CelEnvironment.Compiled condition, Map<String, Object> map) {
    if (condition == null) {
      return true;
    }
    a.evaluated.incrementAndGet();
    try {
      return condition.test(map, a.params);
    } catch (Exception ex) {
      a.error(ex);
      return false;
    }
  }

  private boolean firstTimeForRequest(Active a, RuntimeEvent e) {
    if (e.kind() != EventKind.API_REQUEST || e.api().auditId().isEmpty()) {
      return true;
    }
    String k = a.detection.id() + "\u001f" + e.cluster() + "\u001f" + e.api().auditId();
    synchronized (recentRequests) {
      return recentRequests.put(k, Boolean.TRUE) == null;
    }
  }

  /** The values of these entity types joined, or null when the event lacks one of them. */
  private static String key(List<EntityType> types, List<Entity> entities) {
    StringBuilder sb = new StringBuilder();
    for (EntityType t : types) {
      String v = null;
      for (Entity en : entities) {
        if (en.type() == t) {
          v = en.value();
          break;
        }
      }
      if (v == null) {
        return null;
      }
      if (sb.length() > 0) {
        sb.append('\u001f');
      }
      sb.append(v);
    }
    return sb.toString();
  }

  static String human(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0 && s > 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s > 0 ? s + "s" : d.toMillis() + "ms";
  }

  /** How each detection is doing: on or off, not evaluated and why, counts, state size. */
  public List<DetectionStatus> status() {
    List<DetectionStatus> out = new ArrayList<>();
    for (Active a : all) {
      long keys = a.threshold != null ? a.threshold.keys() : a.sequence != null ? a.sequence.keys() : 0;
      long evictions = a.threshold != null ? a.threshold.evictions() : a.sequence != null ? a.sequence.evictions() : 0;
      out.add(new DetectionStatus(a.detection.id(), a.enabled, Optional.ofNullable(a.notEvaluated),
          a.evaluated.get(), a.hits.get(), a.errors.get(), a.lastError, keys, evictions));
    }
    return out;
  }

  /** The first-seen store in use. */
  public FirstSeenStore firstSeenStore() {
    return firstSeen;
  }

  /** One detection as configured in this engine, with its counters and state. */
  private static final class Active {
    final CompiledDetection compiled;
    final Detection detection;
    final Map<String, Object> params;
    final boolean enabled;
    final NotEvaluated notEvaluated;
    final ThresholdTracker threshold;
    final SequenceTracker sequence;
    final AtomicLong evaluated = new AtomicLong();
    final AtomicLong hits = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile String lastError = "";

    @SuppressWarnings("unchecked")
    Active(CompiledDetection c, DetectionSettings settings, StateLimits limits) {
      this.compiled = c;
      this.detection = c.detection();
      Map<String, Object> p = new HashMap<>();
      detection.params().forEach((k, v) -> p.put(k, EventMaps.normalize(v)));
      Map<String, Object> overrides = settings.params().getOrDefault(detection.id(), Map.of());
      overrides.forEach((k, v) -> p.put(k, EventMaps.normalize(v)));
      this.params = Map.copyOf(p);
      this.enabled = !settings.disabled().contains(detection.id());
      NotEvaluated missing = null;
      for (String r : detection.requiredParams()) {
        Object v = params.get(r);
        boolean empty = v == null || v.toString().isEmpty() || v instanceof Collection<?> col && col.isEmpty()
            || v instanceof Map<?, ?> m && m.isEmpty();
        if (empty) {
          missing = new NotEvaluated(NotEvaluated.Reason.DATA_MISSING, "detection parameter '" + r
              + "' is not set; set it in the cluster's detection settings to turn this detection on");
          break;
        }
      }
      this.notEvaluated = enabled ? missing
          : new NotEvaluated(NotEvaluated.Reason.COMPONENT_OFF, "the detection is turned off in the settings");
      this.threshold = detection.threshold() == null ? null : new ThresholdTracker(detection.threshold().count(),
          detection.threshold().window(), limits.maxKeysPerDetection(), limits.maxEvidencePerHit());
      this.sequence = detection.sequence() == null ? null : new SequenceTracker(
          detection.sequence().steps().size(), detection.sequence().window(), limits.maxKeysPerDetection(),
          limits.maxEvidencePerHit());
    }

    boolean runs() {
      return notEvaluated == null;
    }

    void error(Exception ex) {
      errors.incrementAndGet();
      lastError = String.valueOf(ex.getMessage());
    }
  }
}
