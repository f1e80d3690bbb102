package dev.kubeward.posture;

import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.posture.internal.CompiledRule;
import dev.kubeward.posture.internal.RuleParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A set of compiled rules: the built-in ones (every {@code *.yaml} under {@code dev/kubeward/posture/rules/} on the
 * class path), plus custom rules from folders or text. Each rule compiles once, when the set is built; a set that
 * builds holds only valid rules.
 */
public final class RuleSet {
  /** Class-path folder of the built-in rules. */
  public static final String BUILT_IN_FOLDER = "dev/kubeward/posture/rules";

  private static volatile RuleSet builtIn;
  private static volatile List<Rule> builtInRules;

  private final Map<String, CompiledRule> rules;

  private RuleSet(Map<String, CompiledRule> rules) {
    this.rules = rules;
  }

  /** The built-in rules (loaded and compiled once per JVM). */
  public static RuleSet builtIn() {
    RuleSet set = builtIn;
    if (set == null) {
      synchronized (RuleSet.class) {
        if (builtIn == null) {
          builtIn = builder().addBuiltIn().build();
        }
        set = builtIn;
      }
    }
    return set;
  }

  /**
   * The built-in rules as read from their files, without compiling their CEL (which is most of the cost of
   * {@link #builtIn()}): for a server that must list the rules and their parameters at start but evaluates them
   * only when a cluster is scanned.
   */
  public static List<Rule> builtInRules() {
    List<Rule> rules = builtInRules;
    if (rules == null) {
      RuleSet compiled = builtIn;
      if (compiled != null) {
        rules = compiled.rules();
      } else {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, Rule> byId = new java.util.TreeMap<>();
        ClasspathFolder.read(BUILT_IN_FOLDER, RuleSet.class.getClassLoader()).forEach((path, text) -> {
          if (path.endsWith(".yaml") || path.endsWith(".yml")) {
            RuleParser.describeAll(text, "builtin:" + path, problems).forEach(r -> byId.putIfAbsent(r.id(), r));
          }
        });
        if (!problems.isEmpty()) {
          throw new RuleValidationException(problems);
        }
        rules = List.copyOf(byId.values());
      }
      builtInRules = rules;
    }
    return rules;
  }

  /** A builder starting empty. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates rule text (as posted through the API) without keeping it: every problem with the source, rule id and,
   * for CEL, the compiler's message. Empty when the text holds valid rules.
   */
  public static List<RuleProblem> validate(String yaml, String sourceName) {
    RuleParser.Parsed parsed = RuleParser.parse(yaml, sourceName);
    List<RuleProblem> problems = new ArrayList<>(parsed.problems());
    if (parsed.rules().isEmpty() && problems.isEmpty()) {
      problems.add(new RuleProblem(sourceName, "", "no rules found"));
    }
    return problems;
  }

  /** Every rule, sorted by id. */
  public List<Rule> rules() {
    return rules.values().stream().map(CompiledRule::rule).toList();
  }

  /** The rule with this id. */
  public Optional<Rule> rule(String id) {
    return Optional.ofNullable(rules.get(id)).map(CompiledRule::rule);
  }

  /** Number of rules. */
  public int size() {
    return rules.size();
  }

  /** The subset of rules with these ids (unknown ids are ignored). */
  public RuleSet only(Collection<String> ids) {
    Map<String, CompiledRule> subset = new LinkedHashMap<>();
    rules.forEach((id, r) -> {
      if (ids.contains(id)) {
        subset.put(id, r);
      }
    });
    return new RuleSet(subset);
  }

  Collection<CompiledRule> compiled() {
    return rules.values();
  }

  Optional<CompiledRule> compiled(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  /** Collects rules from several sources; {@link #build()} fails with every problem at once. */
  public static final class Builder {
    private final Map<String, CompiledRule> rules = new java.util.TreeMap<>();
    private final List<RuleProblem> problems = new ArrayList<>();

    private Builder() {}

    /** Adds the built-in rules. */
    public Builder addBuiltIn() {
      ClasspathFolder.read(BUILT_IN_FOLDER, RuleSet.class.getClassLoader()).forEach((path, text) -> {
        if (path.endsWith(".yaml") || path.endsWith(".yml")) {
          addYaml(text, "builtin:" + path);
        }
      });
      return this;
    }

    /** Adds every {@code *.yaml}/{@code *.yml} file under a folder (or one file). */
    public Builder addPath(Path path) {
      if (!Files.exists(path)) {
        problems.add(new RuleProblem(path.toString(), "", "no such file or folder"));
        return this;
      }
      List<Path> files;
      try (Stream<Path> s = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
        files = s.filter(Files::isRegularFile).filter(p -> {
          String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
          return n.endsWith(".yaml") || n.endsWith(".yml");
        }).sorted().toList();
      } catch (IOException e) {
        problems.add(new RuleProblem(path.toString(), "", "cannot read: " + e.getMessage()));
        return this;
      }
      for (Path f : files) {
        try {
          if (Files.size(f) > 1024 * 1024) {
            problems.add(new RuleProblem(f.toString(), "", "rule file larger than 1 MiB"));
            continue;
          }
          addYaml(Files.readString(f), f.toString());
        } catch (IOException e) {
          problems.add(new RuleProblem(f.toString(), "", "cannot read: " + e.getMessage()));
        }
      }
      return this;
    }

    /** Adds the rules in YAML text; {@code sourceName} names it in problems. */
    public Builder addYaml(String yaml, String sourceName) {
      RuleParser.Parsed parsed = RuleParser.parse(yaml, sourceName);
      problems.addAll(parsed.problems());
      for (CompiledRule r : parsed.rules()) {
        CompiledRule before = rules.putIfAbsent(r.rule().id(), r);
        if (before != null) {
          problems.add(new RuleProblem(sourceName, r.rule().id(),
              "duplicate rule id; already defined in " + before.rule().source()));
        }
      }
      return this;
    }

    /**
     * The rule set.
     *
     * @throws RuleValidationException listing every problem when any file or rule is invalid
     */
    public RuleSet build() {
      if (!problems.isEmpty()) {
        throw new RuleValidationException(problems);
      }
      return new RuleSet(new LinkedHashMap<>(rules));
    }
  }
}
