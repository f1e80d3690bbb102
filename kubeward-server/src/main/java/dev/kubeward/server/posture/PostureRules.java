package dev.kubeward.server.posture;

import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleProblem;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.posture.RuleValidationException;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The rules every cluster is evaluated with: the built-in ones plus the custom rules stored in the database. Custom
 * rules are posted one at a time, validated by the engine (a clear error names the rule and the CEL problem) and
 * stored only when the whole set still compiles; each change re-evaluates every cluster.
 */
@Service
public class PostureRules {
  /** Largest custom rule accepted, in bytes of YAML. */
  static final int MAX_RULE_BYTES = 64 * 1024;
  /** Most custom rules a server keeps; a rule list stays a bounded response. */
  static final int MAX_CUSTOM_RULES = 500;

  private static final Logger log = LoggerFactory.getLogger(PostureRules.class);

  private final CustomRuleDao dao;
  private final ActivityLog activity;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private volatile Loaded current;

  public PostureRules(CustomRuleDao dao, ActivityLog activity, ApplicationEventPublisher events, Clock clock) {
    this.dao = dao;
    this.activity = activity;
    this.events = events;
    this.clock = clock;
  }

  /** The rule set with the custom rules that load, and the stored ones that do not (kept, shown, never silent). */
  private record Loaded(RuleSet rules, Map<String, CustomRuleDao.StoredRule> custom, List<RuleProblem> broken,
      String fingerprint) {}

  /**
   * The loaded rules, compiled on first use rather than at bean creation: compiling the built-in rules' CEL is a
   * large share of server start, and a server with no cluster yet needs none of it.
   */
  private Loaded loaded() {
    Loaded l = current;
    if (l == null) {
      synchronized (this) {
        if (current == null) {
          current = load();
        }
        l = current;
      }
    }
    return l;
  }

  /** The current rule set (built-in plus custom). */
  public RuleSet ruleSet() {
    return loaded().rules();
  }

  /**
   * The rule set as stored now: reloads the custom rules when another process changed them since this one loaded
   * them. Inventory sync jobs use it, since a worker never sees the change events of the server that took the rule.
   */
  public RuleSet storedRuleSet() {
    if (!fingerprint(dao.all()).equals(loaded().fingerprint())) {
      synchronized (this) {
        current = load();
      }
    }
    return loaded().rules();
  }

  private static String fingerprint(List<CustomRuleDao.StoredRule> stored) {
    StringBuilder sb = new StringBuilder();
    stored.forEach(r -> sb.append(r.ruleId()).append('@').append(r.updatedAt()).append(';'));
    return sb.toString();
  }

  /** True when the rule was posted through the API rather than shipped with Kubeward. */
  public boolean isCustom(String ruleId) {
    return loaded().custom().containsKey(ruleId);
  }

  /** Who posted a custom rule, and when. */
  Optional<CustomRuleDao.StoredRule> custom(String ruleId) {
    return Optional.ofNullable(loaded().custom().get(ruleId));
  }

  /** Stored custom rules that no longer compile (after an engine upgrade): listed in the status, never evaluated. */
  public List<RuleProblem> brokenCustomRules() {
    return loaded().broken();
  }

  /** Checks rule text without storing it: every problem, or none. */
  public List<RuleProblem> validate(String yaml) {
    checkSize(yaml);
    List<RuleProblem> problems = new ArrayList<>(RuleSet.validate(yaml, "posted rule"));
    if (problems.isEmpty()) {
      try {
        problems.addAll(clashes(single(yaml)));
      } catch (RuleRejectedException e) {
        problems.addAll(e.problems());
      }
    }
    return problems;
  }

  /**
   * Adds a custom rule.
   *
   * @throws RuleRejectedException when it does not load (400, with every problem)
   * @throws ApiException 409 when its id is taken
   */
  public synchronized Rule add(String yaml, String actor) {
    checkSize(yaml);
    Rule rule = parse(yaml);
    if (ruleSet().rule(rule.id()).isPresent() || loaded().custom().containsKey(rule.id())) {
      throw ApiException.conflict(isBuiltIn(rule.id())
          ? "rule " + rule.id() + " is a built-in rule; a custom rule needs an id of its own (e.g. ACME-" + rule.id() + ")"
          : "custom rule " + rule.id() + " already exists; PUT /api/v1/rules/" + rule.id() + " replaces it");
    }
    if (dao.count() >= MAX_CUSTOM_RULES) {
      throw ApiException.conflict("this server already keeps " + MAX_CUSTOM_RULES + " custom rules; remove some first");
    }
    dao.insert(rule.id(), yaml, clock.instant(), actor);
    changed(rule.id(), "added", actor);
    return ruleSet().rule(rule.id()).orElseThrow();
  }

  /**
   * Replaces a custom rule; the text must define the same id.
   *
   * @throws ApiException 404 for an id that is not a custom rule, 400 when the text names another id
   */
  public synchronized Rule replace(String ruleId, String yaml, String actor) {
    checkSize(yaml);
    requireCustom(ruleId);
    Rule rule = parse(yaml);
    if (!rule.id().equals(ruleId)) {
      throw ApiException.badRequest("the posted rule has id " + rule.id() + ", not " + ruleId
          + "; an id never changes (post a new rule instead)");
    }
    dao.update(ruleId, yaml, clock.instant(), actor);
    changed(ruleId, "replaced", actor);
    return ruleSet().rule(ruleId).orElseThrow();
  }

  /** Removes a custom rule; its findings are resolved by the next evaluation. */
  public synchronized void remove(String ruleId, String actor) {
    requireCustom(ruleId);
    dao.delete(ruleId);
    changed(ruleId, "removed", actor);
  }

  private void requireCustom(String ruleId) {
    if (!loaded().custom().containsKey(ruleId)) {
      if (isBuiltIn(ruleId)) {
        throw ApiException.badRequest("rule " + ruleId + " is built in; only custom rules can be changed or removed");
      }
      throw ApiException.notFound("custom rule", ruleId);
    }
  }

  private static boolean isBuiltIn(String ruleId) {
    return RuleSet.builtInRules().stream().anyMatch(r -> r.id().equals(ruleId));
  }

  private void changed(String ruleId, String change, String actor) {
    synchronized (this) {
      current = load();
    }
    activity.record(actor, "rule." + change, "rule", ruleId, "custom misconfiguration rule " + ruleId + " " + change);
    events.publishEvent(new RulesChangedEvent(ruleId, change));
  }

  /** The one rule in the text, compiled; every problem otherwise. */
  private static Rule parse(String yaml) {
    List<RuleProblem> problems = RuleSet.validate(yaml, "posted rule");
    if (!problems.isEmpty()) {
      throw new RuleRejectedException(problems);
    }
    return single(yaml);
  }

  private static Rule single(String yaml) {
    List<Rule> rules;
    try {
      rules = RuleSet.builder().addYaml(yaml, "posted rule").build().rules();
    } catch (RuleValidationException e) {
      throw new RuleRejectedException(e.problems());
    }
    if (rules.size() != 1) {
      throw new RuleRejectedException(List.of(new RuleProblem("posted rule", "",
          "post exactly one rule at a time; the text defines " + rules.size())));
    }
    return rules.get(0);
  }

  private List<RuleProblem> clashes(Rule rule) {
    if (isBuiltIn(rule.id())) {
      return List.of(new RuleProblem("posted rule", rule.id(), "a built-in rule already has this id"));
    }
    if (loaded().custom().containsKey(rule.id())) {
      return List.of(new RuleProblem("posted rule", rule.id(), "a custom rule already has this id"));
    }
    return List.of();
  }

  private static void checkSize(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw ApiException.badRequest("'yaml' must hold the rule");
    }
    if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_RULE_BYTES) {
      throw ApiException.badRequest("a rule may be at most " + MAX_RULE_BYTES / 1024 + " KiB of YAML");
    }
  }

  private Loaded load() {
    Map<String, CustomRuleDao.StoredRule> custom = new TreeMap<>();
    List<RuleProblem> broken = new ArrayList<>();
    List<CustomRuleDao.StoredRule> stored = dao.all();
    if (stored.isEmpty()) {
      return new Loaded(RuleSet.builtIn(), Map.of(), List.of(), "");
    }
    RuleSet.Builder builder = RuleSet.builder().addBuiltIn();
    for (CustomRuleDao.StoredRule rule : stored) {
      String source = "custom rule " + rule.ruleId();
      List<RuleProblem> problems = RuleSet.validate(rule.yaml(), source);
      if (problems.isEmpty() && isBuiltIn(rule.ruleId())) {
        problems = List.of(new RuleProblem(source, rule.ruleId(), "a built-in rule now has this id"));
      }
      if (!problems.isEmpty()) {
        log.error("stored custom rule {} does not load and is not evaluated: {}", rule.ruleId(), problems);
        broken.addAll(problems);
        continue;
      }
      builder.addYaml(rule.yaml(), source);
      custom.put(rule.ruleId(), rule);
    }
    return new Loaded(builder.build(), Map.copyOf(custom), List.copyOf(broken), fingerprint(stored));
  }
}
