package dev.kubeward.server.posture;

import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The built-in rules' parameters (the registry allow-list of KW-IMG-005, the oldest kubelet of KW-NODE-001, ...) as
 * settings, so a workspace or a cluster can set them like any other setting: {@code misconfigurations.<rule>.<param>}.
 * Declared from the rules themselves, so a new parameter in a rule file becomes a setting without an edit here.
 */
@Component
public class RuleParameters implements SettingsContributor {
  static final String PREFIX = "misconfigurations.";

  private final List<Parameter> parameters;

  public RuleParameters() {
    List<Parameter> out = new ArrayList<>();
    for (Rule r : RuleSet.builtInRules()) {
      r.params().forEach((name, value) -> definition(r, name, value).ifPresent(d -> out.add(new Parameter(r.id(), name, d))));
    }
    this.parameters = List.copyOf(out);
  }

  /** One rule parameter and the setting that holds it. */
  record Parameter(String ruleId, String name, SettingDefinition definition) {}

  /** The setting key of a rule parameter. */
  static String key(String ruleId, String param) {
    return PREFIX + ruleId + "." + param;
  }

  @Override
  public List<SettingDefinition> settings() {
    return parameters.stream().map(Parameter::definition).toList();
  }

  /** The parameter values in force for a cluster, by rule (sorted, so equal values compare equal). */
  public Map<String, Map<String, Object>> values(EffectiveSettings settings) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Parameter p : parameters) {
      out.computeIfAbsent(p.ruleId(), k -> new TreeMap<>()).put(p.name(), settings.get(p.definition().key()).value());
    }
    return out;
  }

  private static java.util.Optional<SettingDefinition> definition(Rule rule, String name, Object value) {
    String key = key(rule.id(), name);
    String description = "Parameter '" + name + "' of rule " + rule.id() + " (" + rule.title() + ").";
    if (value instanceof Boolean b) {
      return java.util.Optional.of(SettingDefinition.bool(key, b, description));
    }
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
      return java.util.Optional.of(SettingDefinition.integer(key, n.longValue(), 0, 1_000_000, description));
    }
    if (value instanceof String s) {
      return java.util.Optional.of(SettingDefinition.string(key, s, List.of(), description));
    }
    if (value instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
      return java.util.Optional.of(SettingDefinition.stringList(key, l.stream().map(String.class::cast).toList(),
          List.of(), description + " One value per line."));
    }
    // Maps and mixed lists have no setting type; such a parameter keeps the rule's default.
    return java.util.Optional.empty();
  }
}
