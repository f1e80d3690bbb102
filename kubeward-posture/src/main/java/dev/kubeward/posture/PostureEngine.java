package dev.kubeward.posture;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.posture.internal.CompiledRule;
import dev.kubeward.posture.internal.RelatedFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Evaluates a {@link RuleSet} against an {@link Inventory}. A workload's pods, and ReplicaSets or Jobs owned by a
 * present controller, are not evaluated on their own: their findings belong to the top-level workload. A rule that
 * fails to evaluate yields a finding with outcome {@link Finding.Outcome#RULE_ERROR}, never a silent pass.
 *
 * <p>Thread-safe; full scans run on {@link EngineOptions#threads()} workers.
 */
public final class PostureEngine {
  /** Bumped whenever the engine's output for the same input changes. */
  public static final int VERSION = 1;

  private static final List<String> CONTAINER_TYPES = List.of("containers", "initContainers", "ephemeralContainers");
  static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
      .thenComparing(Finding::resource)
      .thenComparing(Finding::ruleId)
      .thenComparing(Finding::container);

  private final RuleSet rules;
  private final EngineOptions options;
  private final Map<String, List<CompiledRule>> byKind = new HashMap<>();
  private final Map<String, Map<String, Object>> params = new HashMap<>();

  /** An engine with default options. */
  public PostureEngine(RuleSet rules) {
    this(rules, EngineOptions.defaults());
  }

  public PostureEngine(RuleSet rules, EngineOptions options) {
    this.rules = rules;
    this.options = options;
    for (CompiledRule r : rules.compiled()) {
      for (String kind : r.rule().kinds()) {
        byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
      }
      Map<String, Object> merged = new LinkedHashMap<>(r.rule().params());
      merged.putAll(options.params().getOrDefault(r.rule().id(), Map.of()));
      @SuppressWarnings("unchecked")
      Map<String, Object> normalized = (Map<String, Object>) ObjectTree.normalize(merged);
      params.put(r.rule().id(), normalized);
    }
  }

  /** The rules this engine evaluates. */
  public RuleSet rules() {
    return rules;
  }

  /** Whether any rule matches objects of this kind. */
  public boolean evaluates(String kind) {
    return byKind.containsKey(kind);
  }

  /** Evaluates every object of the inventory; findings sorted. */
  public ScanReport scan(Inventory inventory) {
    return scan(inventory, List.of());
  }

  /** Evaluates every object, carrying the input problems of an offline load into the report. */
  public ScanReport scan(Inventory inventory, List<LoadProblem> problems) {
    List<KubeObject> objects = inventory.all().toList();
    List<Finding> findings = new ArrayList<>();
    if (options.threads() == 1 || objects.size() < 64) {
      for (KubeObject o : objects) {
        findings.addAll(evaluate(inventory, o));
      }
    } else {
      ForkJoinPool pool = new ForkJoinPool(options.threads());
      try {
        findings = pool.submit(() -> objects.parallelStream()
            .flatMap(o -> evaluate(inventory, o).stream()).toList()).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("scan interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdown();
      }
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    List<LoadProblem> notes = new ArrayList<>(problems);
    notes.addAll(unknownKinds(objects));
    return new ScanReport(sorted, notes, inventory.notEvaluatedKinds(), objects.size(), rules.size());
  }

  /** One note per kind that Kubeward does not know and no rule matches (custom resources, typos in kinds). */
  private List<LoadProblem> unknownKinds(List<KubeObject> objects) {
    Map<String, List<KubeObject>> unknown = new java.util.TreeMap<>();
    for (KubeObject o : objects) {
      String kind = o.ref().kind();
      if (!byKind.containsKey(kind) && KubeKinds.byKind(kind).isEmpty()) {
        unknown.computeIfAbsent(kind + " (" + o.ref().apiVersion() + ")", k -> new ArrayList<>()).add(o);
      }
    }
    List<LoadProblem> out = new ArrayList<>();
    unknown.forEach((kind, list) -> {
      KubeObject first = list.stream().filter(o -> o.source().isPresent()).findFirst().orElse(list.get(0));
      out.add(new LoadProblem(first.source().orElse(new dev.kubeward.inventory.SourceLocation(first.ref().key(), 0)),
          "kind " + kind + " is not one Kubeward knows and no rule matches it: " + list.size() + " object(s) not"
              + " evaluated", true));
    });
    return out;
  }

  /**
   * Evaluates one object (as of the inventory's current state for cross-object rules). Returns nothing for objects
   * whose findings belong to their controller.
   */
  public List<Finding> evaluate(Inventory inventory, KubeObject object) {
    String kind = object.ref().kind();
    List<CompiledRule> matching = byKind.get(kind);
    if (matching == null || inventory.isNotEvaluated(kind)) {
      return List.of();
    }
    if (KubeKinds.isWorkload(kind) && inventory.graph().isOwnedByPresentController(object)) {
      return List.of();
    }
    Subject subject = new Subject(inventory, object);
    List<Finding> out = new ArrayList<>();
    for (CompiledRule rule : matching) {
      subject.params = params.get(rule.rule().id());
      if (rule.rule().target() == Target.CONTAINER) {
        for (String type : CONTAINER_TYPES) {
          for (Object c : ObjectTree.list(subject.podSpec(), type)) {
            subject.container = c;
            subject.containerType = type;
            check(rule, subject, ObjectTree.text(c, "name"), out);
          }
        }
        subject.container = null;
        subject.containerType = null;
      } else {
        check(rule, subject, "", out);
      }
    }
    return out;
  }

  /** The findings of one rule on one object (used to re-check after a fix). */
  public List<Finding> evaluate(Inventory inventory, KubeObject object, String ruleId) {
    return evaluate(inventory, object).stream().filter(f -> f.ruleId().equals(ruleId)).toList();
  }

  /**
   * The patch a rule's quick fix computes for one subject: a map to merge into the container (container rules), the
   * pod spec (pod-spec rules) or the object (all others). Empty when the rule has no quick fix or the subject passes.
   */
  public Optional<Map<String, Object>> quickFixPatch(Inventory inventory, KubeObject object, String ruleId,
      String container) {
    Optional<CompiledRule> rule = rules.compiled(ruleId);
    if (rule.isEmpty() || rule.get().fix() == null) {
      return Optional.empty();
    }
    Subject subject = new Subject(inventory, object);
    subject.params = params.get(ruleId);
    if (rule.get().rule().target() == Target.CONTAINER) {
      for (String type : CONTAINER_TYPES) {
        for (Object c : ObjectTree.list(subject.podSpec(), type)) {
          if (ObjectTree.text(c, "name").equals(container)) {
            subject.container = c;
            subject.containerType = type;
          }
        }
      }
      if (subject.container == null) {
        return Optional.empty();
      }
    }
    try {
      if (!Boolean.TRUE.equals(rule.get().condition().eval(subject))) {
        return Optional.empty();
      }
      Object patch = rule.get().fix().eval(subject);
      if (!(patch instanceof Map<?, ?> m)) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> normalized = (Map<String, Object>) ObjectTree.normalize(plain(m));
      return Optional.of(normalized);
    } catch (CelEvaluationException e) {
      return Optional.empty();
    }
  }

  /** Converts CEL's immutable and optional values to plain Java collections. */
  static Object plain(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(PostureEngine::plain).toList();
    }
    if (v instanceof Optional<?> o) {
      return o.map(PostureEngine::plain).orElse(null);
    }
    return v;
  }

  private void check(CompiledRule rule, Subject subject, String container, List<Finding> out) {
    Object result;
    try {
      result = rule.condition().eval(subject);
    } catch (CelEvaluationException | RuntimeException e) {
      out.add(finding(rule, subject.object.ref(), subject.object, container,
          "rule error: " + firstLine(e.getMessage()), Finding.Outcome.RULE_ERROR));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      out.add(finding(rule, subject.object.ref(), subject.object, container, render(rule, subject),
          Finding.Outcome.FAIL));
    } else if (!Boolean.FALSE.equals(result)) {
      out.add(finding(rule, subject.object.ref(), subject.object, container,
          "rule error: the condition returned " + result + " instead of true or false", Finding.Outcome.RULE_ERROR));
    }
  }

  private Finding finding(CompiledRule rule, ResourceRef ref, KubeObject object, String container, String message,
      Finding.Outcome outcome) {
    Rule r = rule.rule();
    return new Finding(r.id(), r.title(), r.severity(), r.category(), ref, container, message, r.remediation(),
        options.controls().controlsFor(r.id()), object.source(), outcome);
  }

  private static String render(CompiledRule rule, Subject subject) {
    StringBuilder sb = new StringBuilder();
    for (CompiledRule.MessagePart part : rule.message()) {
      if (part.expression() == null) {
        sb.append(part.text());
        continue;
      }
      try {
        sb.append(display(part.expression().eval(subject)));
      } catch (CelEvaluationException | RuntimeException e) {
        sb.append('?');
      }
    }
    return sb.toString();
  }

  private static String display(Object v) {
    if (v instanceof Collection<?> c) {
      return String.join(", ", c.stream().map(PostureEngine::display).toList());
    }
    if (v instanceof Optional<?> o) {
      return o.map(PostureEngine::display).orElse("");
    }
    return String.valueOf(v);
  }

  private static String firstLine(String s) {
    return s == null ? "evaluation failed" : s.lines().findFirst().orElse(s);
  }

  /** The variables of one evaluation, resolved on demand so unused ones cost nothing. */
  private static final class Subject implements CelVariableResolver {
    final Inventory inventory;
    final KubeObject object;
    Map<String, Object> content;
    Map<String, Object> podSpec;
    Map<String, Object> podMeta;
    Map<String, Object> related;
    Object container;
    String containerType;
    Map<String, Object> params;

    Subject(Inventory inventory, KubeObject object) {
      this.inventory = inventory;
      this.object = object;
    }

    Map<String, Object> content() {
      if (content == null) {
        content = object.content();
      }
      return content;
    }

    Map<String, Object> podSpec() {
      if (podSpec == null) {
        podSpec = KubeKinds.podSpec(content());
      }
      return podSpec;
    }

    @Override
    public Optional<Object> find(String name) {
      return Optional.ofNullable(switch (name) {
        case "object" -> content();
        case "podSpec" -> podSpec();
        case "podMeta" -> {
          if (podMeta == null) {
            podMeta = KubeKinds.podMetadata(content());
          }
          yield podMeta;
        }
        case "container" -> container == null ? Map.of() : container;
        case "containerType" -> containerType == null ? "" : containerType;
        case "params" -> params == null ? Map.of() : params;
        case "related" -> {
          if (related == null) {
            related = RelatedFacts.of(inventory, object);
          }
          yield related;
        }
        default -> null;
      });
    }
  }
}
