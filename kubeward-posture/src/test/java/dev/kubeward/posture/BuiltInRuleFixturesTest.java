package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.model.ClasspathFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The one generic test of every built-in rule: each rule has pass and fail fixtures under
 * {@code testdata/rules/<id>/}; a fail fixture must raise the rule and a pass fixture must not, and neither may raise
 * a rule error. Adding a rule is adding its YAML and two fixtures; nothing here changes.
 */
class BuiltInRuleFixturesTest {
  static final TreeMap<String, String> FIXTURES =
      ClasspathFolder.read(RuleFixtures.FOLDER, BuiltInRuleFixturesTest.class.getClassLoader());

  @Test
  void thereAreAtLeast120BuiltInRulesWithStableIds() {
    RuleSet rules = RuleSet.builtIn();
    assertThat(rules.size()).isGreaterThanOrEqualTo(120);
    for (Rule r : rules.rules()) {
      assertThat(r.source()).as("rule file name matches its id").endsWith(":" + r.id() + ".yaml");
      assertThat(r.id()).matches("KW-[A-Z]+-\\d{3}");
    }
  }

  @Test
  void everyRuleHasPassAndFailFixturesAndEveryFixtureFolderHasARule() {
    Set<String> ids = RuleSet.builtIn().rules().stream().map(Rule::id).collect(Collectors.toCollection(TreeSet::new));
    Set<String> folders = FIXTURES.keySet().stream().map(p -> p.substring(0, p.indexOf('/')))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(folders).as("fixture folders without a rule").isSubsetOf(ids);
    for (String id : ids) {
      assertThat(Fixtures.of(FIXTURES, id, "pass")).as(id + " pass fixtures").isNotEmpty();
      assertThat(Fixtures.of(FIXTURES, id, "fail")).as(id + " fail fixtures").isNotEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureHasItsExpectedOutcome() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : RuleSet.builtIn().rules()) {
      for (String outcome : List.of("pass", "fail")) {
        for (Map.Entry<String, String> fixture : Fixtures.of(FIXTURES, rule.id(), outcome).entrySet()) {
          tests.add(DynamicTest.dynamicTest(rule.id() + " " + fixture.getKey(),
              () -> check(rule, fixture.getKey(), fixture.getValue(), outcome.equals("fail"))));
        }
      }
    }
    return tests.stream();
  }

  private static void check(Rule rule, String name, String text, boolean shouldFail) {
    ManifestSet set = new ManifestLoader().parse(text, name);
    assertThat(set.problems()).as("fixture loads cleanly").isEmpty();
    Inventory inventory = set.toInventory();
    PostureEngine engine = Fixtures.engineFor(rule.id(), FIXTURES);
    ScanReport report = engine.scan(inventory);
    assertThat(report.ruleErrors()).as("rule errors").isEmpty();
    List<Finding> findings = report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
    if (shouldFail) {
      assertThat(findings).as(rule.id() + " must fail on " + name).isNotEmpty();
      for (Finding f : findings) {
        assertThat(f.message()).as("message is rendered").doesNotContain("{{").doesNotContain("?");
        assertThat(f.title()).isEqualTo(rule.title());
        assertThat(f.location()).isPresent();
      }
    } else {
      assertThat(findings).as(rule.id() + " must pass on " + name).isEmpty();
    }
  }

  /** Reads fixtures and their optional parameters. */
  static final class Fixtures {

    static Map<String, String> of(TreeMap<String, String> all, String ruleId, String outcome) {
      Map<String, String> out = new TreeMap<>();
      all.forEach((path, text) -> {
        String file = path.substring(path.indexOf('/') + 1);
        if (path.startsWith(ruleId + "/") && file.startsWith(outcome) && file.endsWith(".yaml")) {
          out.put(path, text);
        }
      });
      return out;
    }

    @SuppressWarnings("unchecked")
    static PostureEngine engineFor(String ruleId, TreeMap<String, String> all) {
      String params = all.get(ruleId + "/params.yaml");
      Map<String, Map<String, Object>> overrides = params == null ? Map.of()
          : Map.of(ruleId, (Map<String, Object>) new Yaml().load(params));
      return new PostureEngine(RuleSet.builtIn().only(Set.of(ruleId)),
          EngineOptions.defaults().withParams(overrides));
    }
  }
}
