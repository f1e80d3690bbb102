package dev.kubeward.compliance;

import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.compliance.internal.StandardParser;
import dev.kubeward.model.Standard;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A catalogue of standards: the built-in ones (every {@code *.yaml} under {@link #BUILT_IN_FOLDER} on the class path,
 * found by listing the folder) plus custom ones from folders or text. Every standard is validated against the rules
 * that exist; a catalogue is immutable.
 */
public final class Standards {
  /** Class-path folder of the built-in standards. */
  public static final String BUILT_IN_FOLDER = "dev/kubeward/compliance/standards";

  private static volatile Standards builtIn;

  private final Map<String, Standard> byId;
  private final Set<String> builtInIds;

  private Standards(Map<String, Standard> byId, Set<String> builtInIds) {
    this.byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    this.builtInIds = Set.copyOf(builtInIds);
  }

  /** The built-in standards, validated against the built-in rules (loaded once). */
  public static Standards builtIn() {
    Standards s = builtIn;
    if (s == null) {
      // Only the rule ids matter here, so the rules are read, not compiled (compiling is the slow part).
      Set<String> ruleIds = RuleSet.builtInRules().stream().map(Rule::id).collect(Collectors.toSet());
      s = builder(ruleIds::contains).addBuiltIn().build();
      builtIn = s;
    }
    return s;
  }

  /** A builder whose standards may name the rules of this rule set. */
  public static Builder builder(RuleSet rules) {
    Set<String> ids = rules.rules().stream().map(Rule::id).collect(Collectors.toSet());
    return new Builder(ids::contains);
  }

  /** A builder whose standards may name the rules this predicate accepts. */
  public static Builder builder(Predicate<String> ruleExists) {
    return new Builder(ruleExists);
  }

  /**
   * Checks one standard's text without adding it anywhere.
   *
   * @return the problems; empty when the text is a valid standard
   */
  public static List<StandardProblem> validate(String yaml, String sourceName, Predicate<String> ruleExists) {
    return StandardParser.parse(yaml, sourceName, ruleExists).problems();
  }

  /** Every standard: built-in ones first (sorted by id), then custom ones in the order they were added. */
  public List<Standard> all() {
    return List.copyOf(byId.values());
  }

  /** The standard with this id. */
  public Optional<Standard> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Whether this standard ships with Kubeward. */
  public boolean isBuiltIn(String id) {
    return builtInIds.contains(id);
  }

  /** The ids of every standard. */
  public Set<String> ids() {
    return byId.keySet();
  }

  /** Builds a catalogue; {@link #build()} throws with every problem found. */
  public static final class Builder {
    private final Predicate<String> ruleExists;
    private final Map<String, Standard> byId = new LinkedHashMap<>();
    private final Map<String, String> sourceOf = new LinkedHashMap<>();
    private final Set<String> builtInIds = new java.util.HashSet<>();
    private final List<StandardProblem> problems = new ArrayList<>();

    private Builder(Predicate<String> ruleExists) {
      this.ruleExists = ruleExists;
    }

    /** Adds the built-in standards. */
    public Builder addBuiltIn() {
      TreeMap<String, String> files = ClasspathFolder.read(BUILT_IN_FOLDER, Standards.class.getClassLoader());
      files.forEach((name, text) -> {
        if (name.endsWith(".yaml")) {
          add(text, "builtin:" + name).ifPresent(id -> builtInIds.add(id));
        }
      });
      return this;
    }

    /** Adds every {@code .yaml}/{@code .yml} file of a folder (not recursive), or one file. */
    public Builder addPath(Path path) {
      try {
        if (Files.isDirectory(path)) {
          try (Stream<Path> files = Files.list(path)) {
            for (Path p : files.filter(Files::isRegularFile)
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
              addFile(p);
            }
          }
        } else {
          addFile(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read standards from " + path, e);
      }
      return this;
    }

    private void addFile(Path p) throws IOException {
      if (Files.size(p) > StandardParser.MAX_CHARS * 4L) {
        problems.add(new StandardProblem(p.toString(), "", "file is too large"));
        return;
      }
      addYaml(Files.readString(p), p.toString());
    }

    /** Adds one standard from text. */
    public Builder addYaml(String yaml, String sourceName) {
      add(yaml, sourceName);
      return this;
    }

    /** Adds already parsed standards (e.g. custom standards a server stored after validating them). */
    public Builder addAll(Collection<Standard> standards, String sourceName) {
      for (Standard s : standards) {
        put(s, sourceName);
      }
      return this;
    }

    private Optional<String> add(String yaml, String sourceName) {
      StandardParser.Parsed parsed = StandardParser.parse(yaml, sourceName, ruleExists);
      problems.addAll(parsed.problems());
      return parsed.standard().flatMap(s -> put(s, sourceName) ? Optional.of(s.id()) : Optional.empty());
    }

    private boolean put(Standard s, String sourceName) {
      String previous = sourceOf.putIfAbsent(s.id(), sourceName);
      if (previous != null) {
        problems.add(new StandardProblem(sourceName, "",
            "standard id '" + s.id() + "' is already defined by " + previous));
        return false;
      }
      byId.put(s.id(), s);
      return true;
    }

    /** The catalogue, built-in standards first sorted by id. */
    public Standards build() {
      if (!problems.isEmpty()) {
        throw new StandardValidationException(problems);
      }
      Map<String, Standard> ordered = new LinkedHashMap<>();
      byId.keySet().stream().filter(builtInIds::contains).sorted().forEach(id -> ordered.put(id, byId.get(id)));
      byId.forEach(ordered::putIfAbsent);
      return new Standards(ordered, builtInIds);
    }
  }
}
