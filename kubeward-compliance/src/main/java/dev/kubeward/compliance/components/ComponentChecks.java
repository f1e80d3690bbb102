package dev.kubeward.compliance.components;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks of control-plane flags and kubelet configuration: rule YAML with CEL, in the posture engine's format
 * ({@code KW-CP-*}, {@code KW-ETCD-*}, {@code KW-KLT-*} under {@link #FOLDER}, found by listing the folder), evaluated
 * by the same {@link PostureEngine} over the objects of {@link ComponentFacts} instead of cluster objects. Each check
 * names the component kind it reads in {@code kinds:}. Fixtures named by outcome live under {@link #FIXTURES}.
 */
public final class ComponentChecks {
  /** Class-path folder of the built-in checks. */
  public static final String FOLDER = "dev/kubeward/compliance/components/checks";
  /** Class-path folder of the checks' fixtures: {@code <check id>/{pass,fail}*.yaml}. */
  public static final String FIXTURES = "dev/kubeward/compliance/components/testdata";

  private static volatile ComponentChecks builtIn;
  private static volatile Set<String> builtInIds;

  private final RuleSet rules;
  private final Set<String> ids;

  private ComponentChecks(RuleSet rules) {
    for (Rule r : rules.rules()) {
      for (String kind : r.kinds()) {
        if (ComponentKind.byKind(kind).isEmpty()) {
          throw new IllegalArgumentException("component check " + r.id() + " names kind " + kind
              + ", which is not a component kind");
        }
      }
    }
    this.rules = rules;
    this.ids = rules.rules().stream().map(Rule::id).collect(Collectors.toUnmodifiableSet());
  }

  /** The built-in checks (loaded once). */
  public static ComponentChecks builtIn() {
    ComponentChecks c = builtIn;
    if (c == null) {
      RuleSet.Builder b = RuleSet.builder();
      ClasspathFolder.read(FOLDER, ComponentChecks.class.getClassLoader()).forEach((path, text) -> {
        if (path.endsWith(".yaml")) {
          b.addYaml(text, "builtin:" + path);
        }
      });
      c = new ComponentChecks(b.build());
      builtIn = c;
    }
    return c;
  }

  /**
   * The ids of the built-in checks, read from their files without compiling their CEL: standards are validated at
   * start, long before a check runs.
   */
  public static Set<String> builtInIds() {
    Set<String> ids = builtInIds;
    if (ids == null) {
      ComponentChecks compiled = builtIn;
      ids = compiled != null ? compiled.ids : readIds();
      builtInIds = ids;
    }
    return ids;
  }

  /** The ids in the built-in check files, by reading only their {@code id}. */
  static Set<String> readIds() {
    Set<String> read = new java.util.TreeSet<>();
    ClasspathFolder.read(FOLDER, ComponentChecks.class.getClassLoader()).forEach((path, text) -> {
      if (path.endsWith(".yaml")) {
        Object tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
            new org.yaml.snakeyaml.LoaderOptions())).load(text);
        if (tree instanceof Map<?, ?> m && m.get("id") != null) {
          read.add(String.valueOf(m.get("id")));
        }
      }
    });
    return Set.copyOf(read);
  }

  /** The checks as rules. */
  public RuleSet rules() {
    return rules;
  }

  /** Whether this id is one of the checks. */
  public boolean contains(String ruleId) {
    return ids.contains(ruleId);
  }

  /** Evaluates every check over the facts; failures are reported on the static pod or the Node. */
  public ComponentReport evaluate(ComponentFacts facts) {
    return evaluate(facts, EngineOptions.defaults());
  }

  /** Evaluates with these engine options (the control mapping and parameter overrides). */
  public ComponentReport evaluate(ComponentFacts facts, EngineOptions options) {
    PostureEngine engine = new PostureEngine(rules, new EngineOptions(options.params(), options.controls(), 1));
    Inventory inventory = new Inventory();
    facts.facts().forEach(f -> inventory.put(f.object()));
    List<Finding> findings = new ArrayList<>();
    for (ComponentFacts.Fact f : facts.facts()) {
      for (Finding x : engine.evaluate(inventory, f.object())) {
        findings.add(new Finding(x.ruleId(), x.title(), x.severity(), x.category(), f.reportedOn(), x.container(),
            x.message(), x.remediation(), x.controls(), x.location(), x.outcome()));
      }
    }
    return new ComponentReport(findings, Map.copyOf(facts.notEvaluated()));
  }
}
