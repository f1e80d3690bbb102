package dev.kubeward.server.posture;

import dev.kubeward.posture.Rule;
import dev.kubeward.server.export.SarifRuleCatalog;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The posture rules' help for the findings export's SARIF, written as the engine's own SARIF writer does (name from
 * the title, description, remediation as help, first reference as help URI, category as a tag), so a cluster's
 * exported misconfigurations read like {@code kubeward scan --format sarif}.
 */
@Component
class PostureSarifCatalog implements SarifRuleCatalog {
  private final PostureRules rules;

  PostureSarifCatalog(PostureRules rules) {
    this.rules = rules;
  }

  @Override
  public Optional<RuleDescription> describe(String ruleId) {
    return rules.ruleSet().rule(ruleId).map(PostureSarifCatalog::describe);
  }

  private static RuleDescription describe(Rule r) {
    return new RuleDescription(pascal(r.title()), r.description().isEmpty() ? r.title() : r.description(),
        r.remediation(), r.references().isEmpty() ? null : r.references().get(0),
        List.of("security", "kubernetes", r.category()));
  }

  private static String pascal(String title) {
    StringBuilder sb = new StringBuilder();
    for (String w : title.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
    }
    return sb.toString();
  }
}
