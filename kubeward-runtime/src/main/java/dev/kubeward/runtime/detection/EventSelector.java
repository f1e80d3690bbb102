package dev.kubeward.runtime.detection;

import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.util.Set;

/**
 * The cheap structural filter in front of a detection's CEL condition ({@code on:} in the detection file): only
 * events that pass it are evaluated, which keeps the engine fast with every detection on. Empty lists place no
 * constraint, except {@code kinds}, which is required.
 *
 * @param kinds event kinds the detection looks at
 * @param sources sensors it looks at
 * @param verbs API verbs (API requests only)
 * @param resources API resources, {@code pods} or {@code pods/exec} (API requests only)
 * @param stages audit stages; empty means every stage but {@code RequestReceived}, which has no response yet
 * @param processNames process names ({@code process.name}) that may match
 */
public record EventSelector(
    Set<EventKind> kinds,
    Set<EventSource> sources,
    Set<String> verbs,
    Set<String> resources,
    Set<String> stages,
    Set<String> processNames) {

  private static final Set<String> DEFAULT_STAGES = Set.of("ResponseStarted", "ResponseComplete", "Panic");

  public EventSelector {
    kinds = Set.copyOf(kinds);
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a detection must name the event kinds it looks at (on.kinds)");
    }
    sources = sources == null ? Set.of() : Set.copyOf(sources);
    verbs = verbs == null ? Set.of() : Set.copyOf(verbs);
    resources = resources == null ? Set.of() : Set.copyOf(resources);
    stages = stages == null || stages.isEmpty() ? DEFAULT_STAGES : Set.copyOf(stages);
    processNames = processNames == null ? Set.of() : Set.copyOf(processNames);
  }

  /** A selector of these kinds only. */
  public static EventSelector ofKinds(EventKind... kinds) {
    return new EventSelector(Set.of(kinds), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
  }

  /** True when the event passes the filter. */
  public boolean accepts(RuntimeEvent e) {
    if (!kinds.contains(e.kind())) {
      return false;
    }
    if (!sources.isEmpty() && !sources.contains(e.source())) {
      return false;
    }
    if (e.kind() == EventKind.API_REQUEST) {
      if (!stages.contains(e.api().stage())) {
        return false;
      }
      if (!verbs.isEmpty() && !verbs.contains(e.api().verb())) {
        return false;
      }
      if (!resources.isEmpty() && !resources.contains(e.api().resource())
          && !resources.contains(e.api().resourcePath())) {
        return false;
      }
    }
    return processNames.isEmpty() || processNames.contains(e.process().name());
  }
}
