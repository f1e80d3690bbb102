package dev.kubeward.server.compliance;

import dev.kubeward.server.settings.SettingChoices;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The {@code compliance.standards} setting accepts the ids of the standards in force: shipped and custom. */
@Component
class StandardChoices implements SettingChoices {
  private final ComplianceStandards standards;

  StandardChoices(ComplianceStandards standards) {
    this.standards = standards;
  }

  @Override
  public Set<String> keys() {
    return Set.of(ComplianceSettings.STANDARDS);
  }

  @Override
  public List<String> allowedValues(String key) {
    return List.copyOf(standards.standards().ids());
  }
}
