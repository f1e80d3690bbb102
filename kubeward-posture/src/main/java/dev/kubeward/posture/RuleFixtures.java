package dev.kubeward.posture;

import dev.kubeward.model.ClasspathFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pass and fail fixtures of the built-in rules ({@code testdata/rules/<id>/pass*.yaml} and {@code fail*.yaml}):
 * a fail fixture must raise its rule, a pass fixture must not. Shipped with the rules so {@code kubeward rules show}
 * can show what a rule accepts and rejects.
 */
public final class RuleFixtures {
  /** Class-path folder of the fixtures. */
  public static final String FOLDER = "dev/kubeward/posture/testdata/rules";

  private static volatile TreeMap<String, String> all;

  private RuleFixtures() {}

  /**
   * One fixture file.
   *
   * @param name its path below the fixtures folder ({@code KW-PSS-001/fail.yaml})
   * @param shouldFail true for fail fixtures
   * @param text the manifests
   * @param params rule parameters the fixture needs ({@code params.yaml} of the folder), or an empty text
   */
  public record Fixture(String name, boolean shouldFail, String text, String params) {}

  /** The fixtures of one rule, pass fixtures first. */
  public static List<Fixture> of(String ruleId) {
    Map<String, String> files = files();
    String params = files.getOrDefault(ruleId + "/params.yaml", "");
    List<Fixture> out = new ArrayList<>();
    for (String outcome : List.of("pass", "fail")) {
      files.forEach((path, text) -> {
        String file = path.substring(path.indexOf('/') + 1);
        if (path.startsWith(ruleId + "/") && file.startsWith(outcome) && file.endsWith(".yaml")) {
          out.add(new Fixture(path, outcome.equals("fail"), text, params));
        }
      });
    }
    return out;
  }

  /** The rule ids that have a fixture folder. */
  public static List<String> ruleIds() {
    return files().keySet().stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().toList();
  }

  private static Map<String, String> files() {
    TreeMap<String, String> f = all;
    if (f == null) {
      f = ClasspathFolder.read(FOLDER, RuleFixtures.class.getClassLoader());
      all = f;
    }
    return f;
  }
}
