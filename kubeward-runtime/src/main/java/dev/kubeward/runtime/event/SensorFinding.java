package dev.kubeward.runtime.event;

import java.util.List;
import java.util.Map;

/**
 * A sensor's own rule result carried by the event (Falco's rule, priority and output).
 *
 * @param rule the sensor's rule name, or ""
 * @param priority the sensor's priority as it wrote it ({@code Critical}, {@code Warning}, ...), or ""
 * @param tags the rule's tags
 * @param output the sensor's formatted message
 * @param fields the sensor's output fields, numbers as Long/Double
 */
public record SensorFinding(String rule, String priority, List<String> tags, String output, Map<String, Object> fields) {
  /** No sensor finding. */
  public static final SensorFinding NONE = new SensorFinding("", "", List.of(), "", Map.of());

  public SensorFinding {
    rule = rule == null ? "" : rule;
    priority = priority == null ? "" : priority;
    tags = tags == null ? List.of() : List.copyOf(tags);
    output = output == null ? "" : output;
    fields = fields == null ? Map.of() : fields;
  }
}
