package dev.kubeward.compliance.internal;

import dev.kubeward.compliance.StandardProblem;
import dev.kubeward.model.Control;
import dev.kubeward.model.Standard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses one standard's YAML and reports every problem it finds (not only the first), so an author fixes a file in
 * one go. Hostile input is bounded: text size, aliases, nesting depth and the number of controls.
 */
public final class StandardParser {
  /** Largest accepted standard text. */
  public static final int MAX_CHARS = 2 * 1024 * 1024;
  /** Most controls in one standard. */
  public static final int MAX_CONTROLS = 2000;

  private static final Pattern STANDARD_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern CONTROL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> TOP_KEYS = Set.of("id", "name", "version", "description", "sections", "controls",
      "techniqueControls");
  private static final Set<String> CONTROL_KEYS =
      Set.of("id", "title", "section", "automated", "rules", "description", "audit");

  private StandardParser() {}

  /** The parsed standard (when there were no problems) and the problems. */
  public record Parsed(Optional<Standard> standard, List<StandardProblem> problems) {}

  /**
   * Parses and validates one standard.
   *
   * @param text the YAML
   * @param source name used in problems (a file name)
   * @param ruleExists whether a rule id names an existing rule
   */
  public static Parsed parse(String text, String source, Predicate<String> ruleExists) {
    List<StandardProblem> problems = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return fail(source, "the standard is empty");
    }
    if (text.length() > MAX_CHARS) {
      return fail(source, "the standard is larger than " + MAX_CHARS + " characters");
    }
    Object tree;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(20);
      options.setNestingDepthLimit(20);
      options.setCodePointLimit(MAX_CHARS);
      options.setAllowDuplicateKeys(false);
      tree = new Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      return fail(source, "not valid YAML at line " + (mark == null ? "?" : mark.getLine() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      return fail(source, "not valid YAML: " + e.getMessage());
    }
    if (!(tree instanceof Map<?, ?> top)) {
      return fail(source, "the standard must be a YAML mapping with id, name, sections and controls");
    }
    for (Object k : top.keySet()) {
      if (!TOP_KEYS.contains(String.valueOf(k))) {
        problems.add(new StandardProblem(source, "", "unknown field '" + k + "' (allowed: " + sorted(TOP_KEYS) + ")"));
      }
    }
    String id = text(top.get("id"));
    if (id.isEmpty()) {
      problems.add(new StandardProblem(source, "", "missing 'id'"));
    } else if (!STANDARD_ID.matcher(id).matches()) {
      problems.add(new StandardProblem(source, "", "id '" + id + "' must be lower-case kebab-case (a-z, 0-9, -)"));
    }
    String name = text(top.get("name"));
    if (name.isEmpty()) {
      problems.add(new StandardProblem(source, "", "missing 'name'"));
    }
    List<Standard.Section> sections = new ArrayList<>();
    Set<String> sectionIds = new LinkedHashSet<>();
    Object rawSections = top.get("sections");
    if (rawSections != null && !(rawSections instanceof List<?>)) {
      problems.add(new StandardProblem(source, "", "'sections' must be a list"));
    } else if (rawSections instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m) || text(m.get("id")).isEmpty()) {
          problems.add(new StandardProblem(source, "", "every section needs an 'id' and a 'title'"));
          continue;
        }
        String sid = text(m.get("id"));
        if (!sectionIds.add(sid)) {
          problems.add(new StandardProblem(source, "", "duplicate section id '" + sid + "'"));
          continue;
        }
        sections.add(new Standard.Section(sid, text(m.get("title"))));
      }
    }
    List<Control> controls = new ArrayList<>();
    Object rawControls = top.get("controls");
    if (!(rawControls instanceof List<?> list) || list.isEmpty()) {
      problems.add(new StandardProblem(source, "", "'controls' must be a non-empty list"));
    } else if (list.size() > MAX_CONTROLS) {
      problems.add(new StandardProblem(source, "", "more than " + MAX_CONTROLS + " controls"));
    } else {
      Map<String, Integer> seen = new HashMap<>();
      int index = 0;
      for (Object o : list) {
        index++;
        if (!(o instanceof Map<?, ?> m)) {
          problems.add(new StandardProblem(source, "", "control #" + index + " is not a mapping"));
          continue;
        }
        String cid = text(m.get("id"));
        String where = cid.isEmpty() ? "#" + index : cid;
        for (Object k : m.keySet()) {
          if (!CONTROL_KEYS.contains(String.valueOf(k))) {
            problems.add(new StandardProblem(source, where,
                "unknown field '" + k + "' (allowed: " + sorted(CONTROL_KEYS) + ")"));
          }
        }
        if (cid.isEmpty()) {
          problems.add(new StandardProblem(source, where, "missing 'id'"));
          continue;
        }
        if (!CONTROL_ID.matcher(cid).matches()) {
          problems.add(new StandardProblem(source, where, "id must be letters, digits, '.', '_' or '-' (at most 64)"));
        }
        Integer first = seen.putIfAbsent(cid, index);
        if (first != null) {
          problems.add(new StandardProblem(source, cid,
              "duplicate control id '" + cid + "' (controls #" + first + " and #" + index + ")"));
          continue;
        }
        String title = text(m.get("title"));
        if (title.isEmpty()) {
          problems.add(new StandardProblem(source, cid, "missing 'title'"));
        }
        String section = text(m.get("section"));
        if (!sectionIds.isEmpty() && !section.isEmpty() && !sectionIds.contains(section)) {
          problems.add(new StandardProblem(source, cid, "section '" + section + "' is not declared in 'sections'"));
        }
        List<String> rules = new ArrayList<>();
        Object rawRules = m.get("rules");
        if (rawRules != null && !(rawRules instanceof List<?>)) {
          problems.add(new StandardProblem(source, cid, "'rules' must be a list of rule ids"));
        } else if (rawRules instanceof List<?> rl) {
          for (Object r : rl) {
            String rid = text(r);
            if (rid.isEmpty()) {
              problems.add(new StandardProblem(source, cid, "empty rule id"));
            } else if (!ruleExists.test(rid)) {
              problems.add(new StandardProblem(source, cid, "rule '" + rid + "' does not exist"));
            } else if (!rules.contains(rid)) {
              rules.add(rid);
            }
          }
        }
        Object rawAutomated = m.get("automated");
        if (rawAutomated != null && !(rawAutomated instanceof Boolean)) {
          problems.add(new StandardProblem(source, cid, "'automated' must be true or false"));
        }
        boolean automated = rawAutomated instanceof Boolean b ? b : rawRules instanceof List<?> rl && !rl.isEmpty();
        String audit = text(m.get("audit"));
        if (automated && rules.isEmpty() && !(rawRules instanceof List<?> rl2 && !rl2.isEmpty())) {
          problems.add(new StandardProblem(source, cid, "an automated control needs at least one rule in 'rules'"));
        }
        if (!automated && rawRules instanceof List<?> rl3 && !rl3.isEmpty()) {
          problems.add(new StandardProblem(source, cid,
              "a manual control names no rules (remove 'rules' or set 'automated: true')"));
        }
        if (!automated && audit.isEmpty()) {
          problems.add(new StandardProblem(source, cid, "a manual control needs 'audit' steps"));
        }
        controls.add(new Control(cid, title, section, automated, rules, text(m.get("description")), audit));
      }
    }
    if (!problems.isEmpty()) {
      return new Parsed(Optional.empty(), problems);
    }
    Object techniques = top.get("techniqueControls");
    if (techniques != null && !(techniques instanceof Boolean)) {
      return new Parsed(Optional.empty(), List.of(new StandardProblem(source, "",
          "'techniqueControls' must be true or false")));
    }
    return new Parsed(Optional.of(new Standard(id, name, text(top.get("version")), sections, controls,
        text(top.get("description")), Boolean.TRUE.equals(techniques))), List.of());
  }

  private static Parsed fail(String source, String message) {
    return new Parsed(Optional.empty(), List.of(new StandardProblem(source, "", message)));
  }

  private static String text(Object o) {
    if (o == null || o instanceof Map<?, ?> || o instanceof List<?>) {
      return "";
    }
    return String.valueOf(o).strip();
  }

  private static String sorted(Set<String> keys) {
    return String.join(", ", keys.stream().sorted().toList());
  }
}
