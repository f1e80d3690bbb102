package dev.kubeward.runtime.detection;

import dev.kubeward.runtime.event.EventRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A detection matched: the raw material of an alert.
 *
 * @param detection the detection
 * @param event the event that completed the match (the last step, the Nth event)
 * @param evidence references to the events that make up the match, oldest first (bounded)
 * @param time when the match completed (event time)
 * @param groupKey for stateful kinds, the key the match was counted under (scope and value for first-seen), else ""
 * @param details facts about the match for the alert ("count" = "25", "drift" = "...")
 */
public record DetectionHit(
    Detection detection,
    RuntimeEvent event,
    List<EventRef> evidence,
    Instant time,
    String groupKey,
    Map<String, String> details) {

  public DetectionHit {
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(event, "event");
    evidence = List.copyOf(evidence);
    Objects.requireNonNull(time, "time");
    groupKey = groupKey == null ? "" : groupKey;
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }
}
