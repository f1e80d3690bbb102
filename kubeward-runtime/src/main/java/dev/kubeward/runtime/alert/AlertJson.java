package dev.kubeward.runtime.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.runtime.event.Entity;
import dev.kubeward.runtime.event.EventRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of an alert for integrations (webhook payloads, {@code kubeward runtime replay --format json}). Field
 * names are stable API; times are RFC 3339 text.
 */
public final class AlertJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  /** The alert as ordered maps, lists and scalars. */
  public static Map<String, Object> toMap(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("detection", a.detectionId());
    m.put("title", a.title());
    m.put("severity", a.severity().label());
    m.put("confidence", a.confidence().label());
    m.put("risk", a.risk().label());
    if (!a.riskReason().isEmpty()) {
      m.put("riskReason", a.riskReason());
    }
    m.put("status", a.status().label());
    if (a.statusChangedAt() != null) {
      m.put("statusChangedBy", a.statusChangedBy());
      m.put("statusChangedAt", a.statusChangedAt().toString());
      m.put("statusReason", a.statusReason());
    }
    if (!a.suppressedBy().isEmpty()) {
      m.put("suppressedBy", a.suppressedBy());
    }
    m.put("cluster", a.cluster());
    m.put("firstSeen", a.firstSeen().toString());
    m.put("lastSeen", a.lastSeen().toString());
    m.put("count", a.count());
    m.put("dedupKey", a.dedupKey());
    List<Map<String, Object>> entities = new ArrayList<>();
    for (Entity e : a.entities()) {
      entities.add(Map.of("type", e.type().wireName(), "value", e.value()));
    }
    m.put("entities", entities);
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (EventRef r : a.evidence()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", r.id());
      x.put("source", r.source().wireName());
      x.put("kind", r.kind().wireName());
      x.put("time", r.time().toString());
      x.put("raw", r.raw().toString());
      x.put("summary", r.summary());
      evidence.add(x);
    }
    m.put("evidence", evidence);
    m.put("description", a.description());
    m.put("recommendedSteps", a.recommendedSteps());
    if (!a.mitre().unmapped()) {
      Map<String, Object> mitre = new LinkedHashMap<>();
      mitre.put("tacticId", a.mitre().tacticId());
      mitre.put("tactic", a.mitre().tactic());
      mitre.put("techniqueId", a.mitre().techniqueId());
      mitre.put("technique", a.mitre().technique());
      mitre.put("url", a.mitre().techniqueUrl());
      m.put("mitre", mitre);
    }
    if (!a.commandLine().isEmpty()) {
      m.put("commandLine", a.commandLine());
    }
    if (!a.details().isEmpty()) {
      m.put("details", a.details());
    }
    m.put("test", a.test());
    return m;
  }

  /** JSON text of any value built from maps, lists and scalars. */
  public static String write(Object value, boolean pretty) {
    try {
      return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
          : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
