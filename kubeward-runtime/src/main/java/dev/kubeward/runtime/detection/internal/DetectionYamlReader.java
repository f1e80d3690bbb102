package dev.kubeward.runtime.detection.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kubeward.model.Severity;
import dev.kubeward.runtime.detection.Confidence;
import dev.kubeward.runtime.detection.Detection;
import dev.kubeward.runtime.detection.DetectionKind;
import dev.kubeward.runtime.detection.EventSelector;
import dev.kubeward.runtime.detection.InvalidDetectionException;
import dev.kubeward.runtime.detection.MitreMapping;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/** Reads one detection from YAML, strictly: unknown keys, wrong types and missing fields are errors that say where. */
public final class DetectionYamlReader {
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,80}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Set<String> TOP = Set.of("id", "title", "severity", "confidence", "mitre", "description",
      "response", "kind", "on", "condition", "threshold", "sequence", "firstSeen", "params", "requiredParams",
      "dedupBy", "tags");

  private DetectionYamlReader() {}

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(20);
    o.setAllowDuplicateKeys(false);
    o.setNestingDepthLimit(40);
    o.setCodePointLimit(512 * 1024);
    return o;
  }

  /**
   * Parses one detection.
   *
   * @param origin file name for messages
   * @throws InvalidDetectionException naming the origin and the problem
   */
  public static Detection read(String yaml, String origin) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidDetectionException(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      // SnakeYAML signals alias bombs and size limits with its own runtime exceptions.
      throw new InvalidDetectionException(origin + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDetectionException(origin + ": a detection file must hold one mapping");
    }
    String id = root.path("id").asText("");
    String where = origin + ": detection '" + id + "': ";
    try {
      return parse(root, origin);
    } catch (InvalidDetectionException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidDetectionException(where + e.getMessage(), e);
    }
  }

  private static Detection parse(JsonNode root, String origin) {
    checkKeys(root, TOP, "detection");
    String id = text(root, "id", true);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must be lower-case letters, digits and dashes");
    }
    DetectionKind kind = root.has("kind") ? DetectionKind.fromWireName(text(root, "kind", true)) : DetectionKind.EVENT;
    List<String> tags = strings(root, "tags");
    MitreMapping mitreMapping;
    if (!root.has("mitre") && tags.contains("test")) {
      // Test alerts are not attacks; every real detection must say where it sits in ATT&CK.
      mitreMapping = MitreMapping.UNMAPPED;
    } else {
      JsonNode mitre = object(root, "mitre", true);
      checkKeys(mitre, Set.of("tacticId", "tactic", "techniqueId", "technique"), "mitre");
      mitreMapping = new MitreMapping(text(mitre, "tacticId", true), text(mitre, "tactic", true),
          text(mitre, "techniqueId", true), text(mitre, "technique", true));
    }
    EventSelector on = root.has("on") ? selector(object(root, "on", true)) : null;

    Detection.Threshold threshold = null;
    Detection.Sequence sequence = null;
    Detection.FirstSeen firstSeen = null;
    if (root.has("threshold")) {
      JsonNode t = object(root, "threshold", true);
      checkKeys(t, Set.of("count", "window", "groupBy"), "threshold");
      if (!t.path("count").canConvertToInt()) {
        throw new IllegalArgumentException("threshold.count must be a number");
      }
      threshold = new Detection.Threshold(t.path("count").asInt(), duration(text(t, "window", true)),
          entityTypes(t, "groupBy", true));
    }
    if (root.has("sequence")) {
      JsonNode s = object(root, "sequence", true);
      checkKeys(s, Set.of("window", "groupBy", "steps"), "sequence");
      List<Detection.Step> steps = new ArrayList<>();
      for (JsonNode step : array(s, "steps")) {
        checkKeys(step, Set.of("name", "on", "condition"), "sequence step");
        EventSelector stepOn = step.has("on") ? selector(object(step, "on", true)) : on;
        if (stepOn == null) {
          throw new IllegalArgumentException("sequence step '" + step.path("name").asText() + "' needs 'on' (or a "
              + "top-level 'on')");
        }
        steps.add(new Detection.Step(text(step, "name", true), stepOn, text(step, "condition", true)));
      }
      sequence = new Detection.Sequence(duration(text(s, "window", true)), entityTypes(s, "groupBy", true), steps);
      if (on == null) {
        on = union(steps);
      }
    }
    if (root.has("firstSeen")) {
      JsonNode f = object(root, "firstSeen", true);
      checkKeys(f, Set.of("scope", "value", "learningPeriod"), "firstSeen");
      firstSeen = new Detection.FirstSeen(entityTypes(f, "scope", true), text(f, "value", true),
          duration(text(f, "learningPeriod", true)));
    }
    if (on == null) {
      throw new IllegalArgumentException("'on' is required (at least on.kinds)");
    }
    if (kind != DetectionKind.SEQUENCE && kind != DetectionKind.DRIFT && kind != DetectionKind.FIRST_SEEN
        && text(root, "condition", false).isBlank()) {
      throw new IllegalArgumentException("'condition' is required");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (root.has("params")) {
      JsonNode p = object(root, "params", true);
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), plain(e.getValue()));
      }
    }
    List<String> required = strings(root, "requiredParams");
    for (String r : required) {
      if (!params.containsKey(r)) {
        throw new IllegalArgumentException("required parameter '" + r + "' has no entry (with its default) in params");
      }
    }
    return new Detection(id, text(root, "title", true), severity(text(root, "severity", true)),
        Confidence.parse(text(root, "confidence", true)),
        mitreMapping,
        text(root, "description", true), strings(root, "response"), kind, on, text(root, "condition", false),
        threshold, sequence, firstSeen, params, required, entityTypes(root, "dedupBy", false), tags,
        origin);
  }

  private static Severity severity(String text) {
    Severity s = Severity.parse(text);
    if (s == Severity.CRITICAL || s == Severity.UNKNOWN) {
      throw new IllegalArgumentException("severity must be High, Medium, Low or Informational, not " + text);
    }
    return s;
  }

  private static EventSelector selector(JsonNode on) {
    checkKeys(on, Set.of("kinds", "sources", "verbs", "resources", "stages", "processNames"), "on");
    Set<EventKind> kinds = new LinkedHashSet<>();
    for (String k : strings(on, "kinds")) {
      kinds.add(EventKind.fromWireName(k));
    }
    Set<EventSource> sources = new LinkedHashSet<>();
    for (String s : strings(on, "sources")) {
      sources.add(EventSource.fromWireName(s));
    }
    return new EventSelector(kinds, sources, Set.copyOf(strings(on, "verbs")), Set.copyOf(strings(on, "resources")),
        Set.copyOf(strings(on, "stages")), Set.copyOf(strings(on, "processNames")));
  }

  private static EventSelector union(List<Detection.Step> steps) {
    Set<EventKind> kinds = new LinkedHashSet<>();
    for (Detection.Step s : steps) {
      kinds.addAll(s.on().kinds());
    }
    return new EventSelector(kinds, Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
  }

  /** Durations as {@code 90s}, {@code 5m}, {@code 24h}, {@code 7d}, {@code 500ms} or ISO-8601 ({@code PT5M}). */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (use 90s, 5m, 24h, 7d or PT5M)");
    }
  }

  private static List<EntityType> entityTypes(JsonNode node, String field, boolean required) {
    if (!node.has(field) && !required) {
      return List.of();
    }
    List<String> names = strings(node, field);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' needs at least one entity type");
    }
    List<EntityType> out = new ArrayList<>();
    for (String n : names) {
      out.add(EntityType.fromWireName(n));
    }
    return out;
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String what) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "' in " + what + "; allowed: "
            + allowed.stream().sorted().toList());
      }
    }
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("'" + field + "' is required");
      }
      return "";
    }
    if (!v.isValueNode()) {
      throw new IllegalArgumentException("'" + field + "' must be text");
    }
    return v.asText();
  }

  private static JsonNode object(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("'" + field + "' must be a mapping");
    }
    return v;
  }

  private static List<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be a list");
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  private static List<String> strings(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isValueNode()) {
        throw new IllegalArgumentException("'" + field + "' must be a list of text");
      }
      out.add(item.asText());
    }
    return out;
  }

  /** A YAML value as plain Java with Long/Double numbers. */
  static Object plain(JsonNode v) {
    if (v.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.isNull() ? null : v.asText();
  }
}
