package dev.kubeward.server.compliance;

import dev.kubeward.compliance.StandardProblem;
import dev.kubeward.compliance.StandardValidationException;
import dev.kubeward.compliance.Standards;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.RuleSet;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.posture.PostureRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * The standards in force: the built-in ones plus the custom standards stored through the API, validated against the
 * current rule set (built-in and custom rules). A stored standard that no longer validates (a custom rule it names was
 * removed) is kept, listed as broken and not assessed — never silently dropped.
 */
@Service
public class ComplianceStandards {
  /** Largest custom standard accepted, in characters of YAML. */
  static final int MAX_STANDARD_CHARS = 256 * 1024;
  /** Most custom standards a server keeps. */
  static final int MAX_CUSTOM_STANDARDS = 100;

  private final CustomStandardDao dao;
  private final PostureRules rules;
  private final ActivityLog activity;
  private final Clock clock;
  private final AtomicLong version = new AtomicLong();
  private volatile Loaded current;

  public ComplianceStandards(CustomStandardDao dao, PostureRules rules, ActivityLog activity, Clock clock) {
    this.dao = dao;
    this.rules = rules;
    this.activity = activity;
    this.clock = clock;
  }

  private record Loaded(RuleSet ruleSet, Standards standards, Map<String, CustomStandardDao.StoredStandard> custom,
      List<StandardProblem> broken, long version) {}

  /** Every standard in force, built-in first. */
  public Standards standards() {
    return loaded().standards();
  }

  /** A number that changes whenever the standards or the rules they are validated against change. */
  public long version() {
    return loaded().version();
  }

  /** Stored custom standards that do not validate any more, with their problems. */
  public List<StandardProblem> broken() {
    return loaded().broken();
  }

  /** The standard, or 404. */
  public Standard get(String id) {
    return standards().get(id).orElseThrow(() -> ApiException.notFound("standard", id));
  }

  /** True for standards posted through the API. */
  public boolean isCustom(String id) {
    return loaded().custom().containsKey(id);
  }

  /** Checks a standard's text without storing it. */
  public List<StandardProblem> validate(String yaml) {
    checkSize(yaml);
    RuleSet ruleSet = rules.ruleSet();
    return Standards.validate(yaml, "posted standard", Standards.ruleExists(ruleSet));
  }

  /**
   * Adds a custom standard.
   *
   * @throws StandardRejectedException when it does not validate
   * @throws ApiException 409 when the id is taken
   */
  public synchronized Standard add(String yaml, String actor) {
    Standard s = parse(yaml);
    if (standards().get(s.id()).isPresent() || loaded().custom().containsKey(s.id())) {
      throw ApiException.conflict(Standards.builtIn().isBuiltIn(s.id())
          ? "standard " + s.id() + " is built in; a custom standard needs an id of its own"
          : "custom standard " + s.id() + " already exists; PUT /api/v1/compliance/standards/" + s.id() + " replaces it");
    }
    if (dao.count() >= MAX_CUSTOM_STANDARDS) {
      throw ApiException.conflict("this server already keeps " + MAX_CUSTOM_STANDARDS + " custom standards");
    }
    dao.insert(s.id(), yaml, clock.instant(), actor);
    changed(s.id(), "added", actor);
    return get(s.id());
  }

  /** Replaces a custom standard; the text must keep its id. */
  public synchronized Standard replace(String id, String yaml, String actor) {
    requireCustom(id);
    Standard s = parse(yaml);
    if (!s.id().equals(id)) {
      throw ApiException.badRequest("the posted standard has id " + s.id() + ", not " + id);
    }
    dao.update(id, yaml, clock.instant(), actor);
    changed(id, "replaced", actor);
    return get(id);
  }

  /** Removes a custom standard; its failing-control findings are resolved by the next report. */
  public synchronized void remove(String id, String actor) {
    requireCustom(id);
    dao.delete(id);
    changed(id, "removed", actor);
  }

  private void requireCustom(String id) {
    if (!loaded().custom().containsKey(id)) {
      if (Standards.builtIn().isBuiltIn(id)) {
        throw ApiException.badRequest("standard " + id + " is built in; only custom standards can be changed");
      }
      throw ApiException.notFound("custom standard", id);
    }
  }

  private Standard parse(String yaml) {
    List<StandardProblem> problems = validate(yaml);
    if (!problems.isEmpty()) {
      throw new StandardRejectedException(problems);
    }
    RuleSet ruleSet = rules.ruleSet();
    return Standards.builder(ruleSet).addYaml(yaml, "posted standard").build().all().get(0);
  }

  private static void checkSize(String yaml) {
    if (yaml != null && yaml.length() > MAX_STANDARD_CHARS) {
      throw ApiException.badRequest("a standard may have at most " + MAX_STANDARD_CHARS + " characters");
    }
  }

  private void changed(String id, String change, String actor) {
    synchronized (this) {
      current = null;
    }
    activity.record(actor, "standard." + change, "standard", id, "custom compliance standard " + id + " " + change);
  }

  private Loaded loaded() {
    Loaded l = current;
    RuleSet ruleSet = rules.ruleSet();
    if (l == null || l.ruleSet() != ruleSet) {
      synchronized (this) {
        l = current;
        if (l == null || l.ruleSet() != ruleSet) {
          l = load(ruleSet);
          current = l;
        }
      }
    }
    return l;
  }

  private Loaded load(RuleSet ruleSet) {
    Map<String, CustomStandardDao.StoredStandard> custom = new TreeMap<>();
    List<StandardProblem> broken = new ArrayList<>();
    Standards.Builder builder = Standards.builder(ruleSet).addBuiltIn();
    for (CustomStandardDao.StoredStandard stored : dao.all()) {
      List<StandardProblem> problems =
          Standards.validate(stored.yaml(), "standard " + stored.standardId(), Standards.ruleExists(ruleSet));
      if (!problems.isEmpty()) {
        broken.addAll(problems);
        continue;
      }
      custom.put(stored.standardId(), stored);
      builder.addYaml(stored.yaml(), "standard " + stored.standardId());
    }
    Standards standards;
    try {
      standards = builder.build();
    } catch (StandardValidationException e) {
      // Only an id clash can get here (a built-in standard added later with a stored custom id): keep built-ins.
      broken.addAll(e.problems());
      standards = Standards.builtIn();
      custom.clear();
    }
    return new Loaded(ruleSet, standards, custom, List.copyOf(broken), version.incrementAndGet());
  }
}
