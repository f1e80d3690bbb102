package dev.kubeward.posture;

import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.ObjectTree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns rules into ValidatingAdmissionPolicies, so what a scan finds can be stopped at the door. A rule exports when it
 * looks at one object only (no {@code related} facts) and is not switched off with {@code admission: false}.
 *
 * <p>The rule's condition is reused as is: {@code podSpec}, {@code podMeta} and {@code params} become policy
 * variables, container rules iterate over every container list, and the validation is the negated condition.
 */
public final class AdmissionPolicyExporter {
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w'\"])(podSpec|podMeta|params|containerType)\\b");
  private static final String POD_SPEC = "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob'"
      + " ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)";
  private static final String POD_META = "object.kind == 'Pod' ? object.metadata : (object.kind == 'CronJob'"
      + " ? object.spec.jobTemplate.spec.template.?metadata.orValue({}) : object.spec.template.?metadata.orValue({}))";

  private final RuleSet rules;
  private final EngineOptions options;

  public AdmissionPolicyExporter(RuleSet rules) {
    this(rules, EngineOptions.defaults());
  }

  public AdmissionPolicyExporter(RuleSet rules, EngineOptions options) {
    this.rules = rules;
    this.options = options;
  }

  /** True when the rule can run at admission. */
  public static boolean admissionCapable(Rule rule) {
    if (!rule.admission().enabled()) {
      return false;
    }
    if (!rule.admission().expression().isEmpty()) {
      return true;
    }
    return !rule.crossObject() && rule.kinds().stream().allMatch(k -> KubeKinds.byKind(k).isPresent());
  }

  /** The policies of every admission-capable rule, by rule id. */
  public List<AdmissionPolicy> exportAll(Set<AdmissionPolicy.Action> actions) {
    List<AdmissionPolicy> out = new ArrayList<>();
    for (Rule r : rules.rules()) {
      export(r.id(), actions).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The policy of one rule, with a binding using {@code actions} (Deny, Warn, Audit; Deny and Warn exclude each
   * other as in Kubernetes). Empty when the rule does not exist or cannot run at admission.
   */
  public Optional<AdmissionPolicy> export(String ruleId, Set<AdmissionPolicy.Action> actions) {
    Optional<Rule> found = rules.rule(ruleId);
    if (found.isEmpty() || !admissionCapable(found.get())) {
      return Optional.empty();
    }
    if (actions.isEmpty() || actions.containsAll(EnumSet.of(AdmissionPolicy.Action.DENY, AdmissionPolicy.Action.WARN))) {
      throw new IllegalArgumentException("validation actions must be Deny, Warn or Audit (Deny and Warn not together)");
    }
    Rule rule = found.get();
    String name = "kubeward-" + rule.id().toLowerCase(Locale.ROOT);

    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("apiVersion", "admissionregistration.k8s.io/v1");
    policy.put("kind", "ValidatingAdmissionPolicy");
    policy.put("metadata", metadata(name, rule));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("failurePolicy", "Fail");
    spec.put("matchConstraints", Map.of("resourceRules", resourceRules(rule.kinds())));
    List<Map<String, Object>> variables = new ArrayList<>();
    boolean workload = rule.kinds().stream().allMatch(KubeKinds::isWorkload);
    if (workload) {
      variables.add(variable("podSpec", POD_SPEC));
      variables.add(variable("podMeta", POD_META));
    }
    variables.add(variable("params", celLiteral(params(rule))));
    spec.put("variables", variables);
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("expression", validationExpression(rule));
    validation.put("message", rule.id() + ": " + rule.title() + ". " + rule.remediation());
    validation.put("reason", "Invalid");
    spec.put("validations", List.of(validation));
    policy.put("spec", spec);

    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("apiVersion", "admissionregistration.k8s.io/v1");
    binding.put("kind", "ValidatingAdmissionPolicyBinding");
    binding.put("metadata", metadata(name, rule));
    Map<String, Object> bspec = new LinkedHashMap<>();
    bspec.put("policyName", name);
    bspec.put("validationActions", actions.stream().sorted().map(AdmissionPolicy.Action::value).toList());
    binding.put("spec", bspec);
    return Optional.of(new AdmissionPolicy(rule.id(), name, policy, binding));
  }

  /** The policy's validation expression (true = admitted). */
  static String validationExpression(Rule rule) {
    if (!rule.admission().expression().isEmpty()) {
      return rule.admission().expression();
    }
    if (rule.target() == Target.CONTAINER) {
      List<String> parts = new ArrayList<>();
      for (String type : List.of("containers", "initContainers", "ephemeralContainers")) {
        parts.add("variables.podSpec.?" + type + ".orValue([]).exists(container, " + rewrite(rule.condition(), type) + ")");
      }
      return "!(" + String.join(" || ", parts) + ")";
    }
    return "!(" + rewrite(rule.condition(), "") + ")";
  }

  private static String rewrite(String condition, String containerType) {
    Matcher m = IDENTIFIER.matcher(condition);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(1).equals("containerType") ? "'" + containerType + "'" : "variables." + m.group(1);
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private Map<String, Object> params(Rule rule) {
    Map<String, Object> merged = new TreeMap<>(rule.params());
    merged.putAll(options.params().getOrDefault(rule.id(), Map.of()));
    return merged;
  }

  private static Map<String, Object> metadata(String name, Rule rule) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("labels", Map.of("app.kubernetes.io/managed-by", "kubeward"));
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put("kubeward.dev/rule", rule.id());
    annotations.put("kubeward.dev/title", rule.title());
    m.put("annotations", annotations);
    return m;
  }

  private static Map<String, Object> variable(String name, String expression) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", name);
    v.put("expression", expression);
    return v;
  }

  private static List<Map<String, Object>> resourceRules(Collection<String> kinds) {
    Map<String, Map<String, Object>> byGroupVersion = new TreeMap<>();
    for (String kind : new java.util.TreeSet<>(kinds)) {
      KubeKinds.Kind k = KubeKinds.byKind(kind).orElseThrow();
      String version = k.apiVersion().substring(k.apiVersion().indexOf('/') + 1);
      Map<String, Object> rule = byGroupVersion.computeIfAbsent(k.group() + "/" + version, gv -> {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("apiGroups", List.of(k.group()));
        r.put("apiVersions", List.of(version));
        r.put("operations", List.of("CREATE", "UPDATE"));
        r.put("resources", new ArrayList<String>());
        return r;
      });
      @SuppressWarnings("unchecked")
      List<String> resources = (List<String>) rule.get("resources");
      resources.add(k.plural());
    }
    return new ArrayList<>(byGroupVersion.values());
  }

  /** A CEL literal for a parameter value. */
  static String celLiteral(Object value) {
    Object v = ObjectTree.normalize(value);
    if (v instanceof Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      m.forEach((k, val) -> entries.add(celLiteral(String.valueOf(k)) + ": " + celLiteral(val)));
      return "{" + String.join(", ", entries) + "}";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(AdmissionPolicyExporter::celLiteral).toList()) + "]";
    }
    if (v instanceof String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    return String.valueOf(v);
  }
}
