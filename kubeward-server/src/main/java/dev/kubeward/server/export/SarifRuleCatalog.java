package dev.kubeward.server.export;

import java.util.List;
import java.util.Optional;

/**
 * Describes rules for the SARIF export (help text, links, tags), so code-scanning dashboards show the same
 * explanation the engine's own SARIF writer gives. Implemented by the capability that owns the rules; a rule no
 * catalog knows keeps only its id and title.
 */
public interface SarifRuleCatalog {
  /** The description of a rule, if this catalog knows it. */
  Optional<RuleDescription> describe(String ruleId);

  /**
   * SARIF's reportingDescriptor fields.
   *
   * @param name a PascalCase name ({@code ContainerRunsPrivileged})
   * @param fullDescription why the rule matters
   * @param help how to fix a result
   * @param helpUri the first reference, or null
   * @param tags SARIF tags (e.g. {@code security}, the category)
   */
  record RuleDescription(String name, String fullDescription, String help, String helpUri, List<String> tags) {}
}
