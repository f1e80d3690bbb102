package dev.kubeward.runtime.detection;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.event.EntityType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One detection, as written in its YAML file: what it finds, how bad and how sure, where it sits in MITRE ATT&CK, what
 * to do about it, and how it decides (a CEL condition over the normalized event, plus the state of its kind).
 *
 * @param id stable id ({@code k8s-pod-exec}); the file is named after it
 * @param title one line for the alert list
 * @param severity High, Medium, Low or Informational
 * @param confidence how sure a match is malicious
 * @param mitre the ATT&CK tactic and technique
 * @param description what happened and why it matters, in words for the alert's detail panel
 * @param response recommended response steps, in order
 * @param kind how it decides
 * @param on the structural filter in front of the condition
 * @param condition a CEL expression over {@code event} (and {@code params}); "" means every selected event
 * @param threshold for {@link DetectionKind#THRESHOLD}, else null
 * @param sequence for {@link DetectionKind#SEQUENCE}, else null
 * @param firstSeen for {@link DetectionKind#FIRST_SEEN}, else null
 * @param params parameters with their defaults, visible to CEL as {@code params}; settings may override them
 * @param requiredParams parameters that must be non-empty for the detection to run; otherwise it is reported as not
 *     evaluated (e.g. the list of allowed nodes)
 * @param dedupBy entity types whose values make two alerts "the same"; empty for the default
 * @param tags free-form tags
 * @param origin the file it was read from
 */
public record Detection(
    String id,
    String title,
    Severity severity,
    Confidence confidence,
    MitreMapping mitre,
    String description,
    List<String> response,
    DetectionKind kind,
    EventSelector on,
    String condition,
    Threshold threshold,
    Sequence sequence,
    FirstSeen firstSeen,
    Map<String, Object> params,
    List<String> requiredParams,
    List<EntityType> dedupBy,
    List<String> tags,
    String origin) {

  public Detection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    if (severity == Severity.CRITICAL || severity == Severity.UNKNOWN) {
      throw new IllegalArgumentException("detection severity must be High, Medium, Low or Informational, not "
          + severity.label());
    }
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(mitre, "mitre");
    description = description == null ? "" : description.strip();
    response = response == null ? List.of() : List.copyOf(response);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(on, "on");
    condition = condition == null ? "" : condition.strip();
    params = params == null ? Map.of() : Map.copyOf(params);
    requiredParams = requiredParams == null ? List.of() : List.copyOf(requiredParams);
    dedupBy = dedupBy == null ? List.of() : List.copyOf(dedupBy);
    tags = tags == null ? List.of() : List.copyOf(tags);
    origin = origin == null ? "" : origin;
    if ((kind == DetectionKind.THRESHOLD) != (threshold != null)) {
      throw new IllegalArgumentException("'threshold' is required for, and only for, kind threshold");
    }
    if ((kind == DetectionKind.SEQUENCE) != (sequence != null)) {
      throw new IllegalArgumentException("'sequence' is required for, and only for, kind sequence");
    }
    if ((kind == DetectionKind.FIRST_SEEN) != (firstSeen != null)) {
      throw new IllegalArgumentException("'firstSeen' is required for, and only for, kind first-seen");
    }
  }

  /**
   * N matching events with the same key within a window.
   *
   * @param count how many (2 to 10,000)
   * @param window how long
   * @param groupBy entity types whose values form the key ({@code [cluster, user]})
   */
  public record Threshold(int count, Duration window, List<EntityType> groupBy) {
    public Threshold {
      if (count < 2 || count > 10_000) {
        throw new IllegalArgumentException("threshold count must be between 2 and 10000, not " + count);
      }
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("threshold window must be positive");
      }
      groupBy = List.copyOf(groupBy);
    }
  }

  /**
   * Steps that must match in order on the same key within a window (A then B on the same pod).
   *
   * @param window from the first step to the last
   * @param groupBy entity types whose values form the key ({@code [cluster, pod]})
   * @param steps two or more steps
   */
  public record Sequence(Duration window, List<EntityType> groupBy, List<Step> steps) {
    public Sequence {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("sequence window must be positive");
      }
      groupBy = List.copyOf(groupBy);
      steps = List.copyOf(steps);
      if (steps.size() < 2 || steps.size() > 8) {
        throw new IllegalArgumentException("a sequence needs 2 to 8 steps, not " + steps.size());
      }
    }
  }

  /**
   * One step of a sequence.
   *
   * @param name short name, shown in the alert
   * @param on the step's filter
   * @param condition the step's CEL condition
   */
  public record Step(String name, EventSelector on, String condition) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(on, "on");
      condition = condition == null ? "" : condition.strip();
    }
  }

  /**
   * A value never seen in its scope before, once the scope has been watched for the learning period.
   *
   * @param scope entity types whose values form the scope ({@code [cluster, namespace, workload]})
   * @param value CEL expression giving the value to remember ({@code event.process.executable})
   * @param learningPeriod how long a new scope is only learned, never alerted on
   */
  public record FirstSeen(List<EntityType> scope, String value, Duration learningPeriod) {
    public FirstSeen {
      scope = List.copyOf(scope);
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(learningPeriod, "learningPeriod");
      if (learningPeriod.isNegative()) {
        throw new IllegalArgumentException("learning period must not be negative");
      }
    }
  }
}
