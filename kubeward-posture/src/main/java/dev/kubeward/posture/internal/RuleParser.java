package dev.kubeward.posture.internal;

import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import dev.kubeward.model.Severity;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleProblem;
import dev.kubeward.posture.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads rule files (one rule per YAML document, or a {@code rules:} list) and compiles their CEL. Every problem is
 * collected with the file and rule it belongs to, so a user sees all of them at once.
 */
public final class RuleParser {
  private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
  private static final Set<String> FIELDS = Set.of("id", "title", "severity", "category", "target", "kinds",
      "condition", "message", "description", "remediation", "references", "params", "quickFix", "admission");
  private static final Set<Severity> RULE_SEVERITIES = Set.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW);

  private RuleParser() {}

  /** The compiled rules of one file, and its problems. */
  public record Parsed(List<CompiledRule> rules, List<RuleProblem> problems) {}

  /** Parses and compiles every rule in {@code text}; {@code source} names the file in problems. */
  public static Parsed parse(String text, String source) {
    List<CompiledRule> rules = new ArrayList<>();
    List<RuleProblem> problems = new ArrayList<>();
    for (Map<?, ?> map : documents(text, source, problems)) {
      Rule rule = describe(map, source, problems);
      if (rule != null) {
        compile(rule, source, rules, problems);
      }
    }
    return new Parsed(rules, problems);
  }

  /**
   * The rules in {@code text} with their fields checked but their CEL not compiled: for callers that need what the
   * rules are (ids, titles, parameters) and not their evaluation. Compiling is most of the cost of loading rules.
   */
  public static List<Rule> describeAll(String text, String source, List<RuleProblem> problems) {
    List<Rule> rules = new ArrayList<>();
    for (Map<?, ?> map : documents(text, source, problems)) {
      Rule rule = describe(map, source, problems);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private static List<Map<?, ?>> documents(String text, String source, List<RuleProblem> problems) {
    List<Object> documents = new ArrayList<>();
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(20);
      options.setNestingDepthLimit(50);
      options.setCodePointLimit(1024 * 1024);
      for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(text)) {
        if (doc instanceof Map<?, ?> m && m.get("rules") instanceof List<?> list && !m.containsKey("id")) {
          documents.addAll(list);
        } else if (doc != null) {
          documents.add(doc);
        }
      }
    } catch (YAMLException e) {
      problems.add(new RuleProblem(source, "", "invalid YAML: " + String.valueOf(e.getMessage()).replace('\n', ' ')));
      return List.of();
    }
    List<Map<?, ?>> maps = new ArrayList<>();
    for (Object doc : documents) {
      if (doc instanceof Map<?, ?> map) {
        maps.add(map);
      } else {
        problems.add(new RuleProblem(source, "", "a rule must be a mapping of fields"));
      }
    }
    return maps;
  }

  /** The rule a mapping describes, or null with its problems added. */
  private static Rule describe(Map<?, ?> map, String source, List<RuleProblem> problems) {
    String id = text(map, "id");
    List<String> errors = new ArrayList<>();
    for (Object key : map.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        errors.add("unknown field '" + key + "'");
      }
    }
    if (id.isEmpty()) {
      errors.add("missing field 'id'");
    } else if (!ID.matcher(id).matches()) {
      errors.add("id '" + id + "' must look like KW-CTR-001 (upper-case words joined by '-')");
    }
    for (String field : List.of("title", "severity", "target", "condition", "message", "remediation")) {
      if (text(map, field).isBlank()) {
        errors.add("missing field '" + field + "'");
      }
    }
    Severity severity = null;
    try {
      severity = text(map, "severity").isBlank() ? null : Severity.parse(text(map, "severity"));
      if (severity != null && !RULE_SEVERITIES.contains(severity)) {
        errors.add("severity must be High, Medium or Low, not " + severity.label());
        severity = null;
      }
    } catch (IllegalArgumentException e) {
      errors.add("severity must be High, Medium or Low, not '" + text(map, "severity") + "'");
    }
    Target target = null;
    try {
      target = text(map, "target").isBlank() ? null : Target.parse(text(map, "target"));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    List<String> kinds = strings(map.get("kinds"));
    if (kinds.isEmpty() && target != null) {
      kinds = target.defaultKinds();
      if (kinds.isEmpty()) {
        errors.add("target '" + target.label() + "' needs 'kinds' (the kinds the rule matches)");
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (map.get("params") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> params.put(String.valueOf(k), dev.kubeward.inventory.ObjectTree.normalize(v)));
    } else if (map.get("params") != null) {
      errors.add("'params' must be a mapping");
    }
    Optional<Rule.QuickFixSpec> quickFix = Optional.empty();
    if (map.get("quickFix") instanceof Map<?, ?> q) {
      if (text(q, "patch").isBlank()) {
        errors.add("quickFix needs 'patch' (CEL producing the map to merge)");
      } else {
        quickFix = Optional.of(new Rule.QuickFixSpec(text(q, "patch"), text(q, "description")));
      }
    } else if (map.get("quickFix") != null) {
      errors.add("'quickFix' must be a mapping with 'patch' and 'description'");
    }
    Rule.AdmissionSpec admission = Rule.AdmissionSpec.AUTOMATIC;
    Object adm = map.get("admission");
    if (adm instanceof Boolean b) {
      admission = new Rule.AdmissionSpec(b, "");
    } else if (adm instanceof Map<?, ?> a) {
      admission = new Rule.AdmissionSpec(!Boolean.FALSE.equals(a.get("enabled")), text(a, "expression"));
    } else if (adm != null) {
      errors.add("'admission' must be true, false or a mapping with 'expression'");
    }
    if (!errors.isEmpty() || severity == null || target == null) {
      errors.forEach(e -> problems.add(new RuleProblem(source, id, e)));
      return null;
    }
    return new Rule(id, text(map, "title").trim(), severity, text(map, "category").trim(), target, kinds,
        text(map, "condition").trim(), text(map, "message").trim(), text(map, "description").trim(),
        text(map, "remediation").trim(), strings(map.get("references")), params, quickFix, admission, source);
  }

  private static void compile(Rule rule, String source, List<CompiledRule> out, List<RuleProblem> problems) {
    String id = rule.id();
    CelEnvironment env = CelEnvironment.rules();
    CelRuntime.Program condition = null;
    try {
      condition = env.compile(rule.condition(), SimpleType.BOOL);
    } catch (IllegalArgumentException e) {
      problems.add(new RuleProblem(source, id, "condition does not compile: " + e.getMessage()));
    }
    List<CompiledRule.MessagePart> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(rule.message());
    int last = 0;
    boolean messageOk = true;
    while (m.find()) {
      parts.add(new CompiledRule.MessagePart(rule.message().substring(last, m.start()), null));
      try {
        parts.add(new CompiledRule.MessagePart("", env.compile(m.group(1).trim(), null)));
      } catch (IllegalArgumentException e) {
        problems.add(new RuleProblem(source, id, "message part {{" + m.group(1) + "}} does not compile: " + e.getMessage()));
        messageOk = false;
      }
      last = m.end();
    }
    parts.add(new CompiledRule.MessagePart(rule.message().substring(last), null));
    CelRuntime.Program fix = null;
    if (rule.quickFix().isPresent()) {
      try {
        fix = env.compile(rule.quickFix().get().patch(), null);
      } catch (IllegalArgumentException e) {
        problems.add(new RuleProblem(source, id, "quickFix patch does not compile: " + e.getMessage()));
        messageOk = false;
      }
    }
    if (!rule.admission().expression().isEmpty()) {
      try {
        CelEnvironment.admission().compile(rule.admission().expression(), SimpleType.BOOL);
      } catch (IllegalArgumentException e) {
        problems.add(new RuleProblem(source, id, "admission expression does not compile: " + e.getMessage()));
        messageOk = false;
      }
    }
    if (condition != null && messageOk) {
      out.add(new CompiledRule(rule, condition, List.copyOf(parts), fix));
    }
  }

  private static String text(Map<?, ?> map, String key) {
    Object v = map.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return value == null ? List.of() : List.of(String.valueOf(value));
  }
}
