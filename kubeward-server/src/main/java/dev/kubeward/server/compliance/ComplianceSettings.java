package dev.kubeward.server.compliance;

import dev.kubeward.compliance.Standards;
import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The compliance settings: which standards apply (default: every shipped one) and how long snapshots are kept. */
@Component
public class ComplianceSettings implements SettingsContributor {
  /**
   * The standards assessed for a cluster: ids of known standards (shipped and custom), checked when written; an id
   * that disappears later (a deleted custom standard) is ignored and named in the status.
   */
  public static final String STANDARDS = "compliance.standards";
  /** Days of daily snapshots kept for the trend. */
  public static final String RETENTION_DAYS = "compliance.snapshotRetentionDays";

  // Looked up lazily: the standards depend on the rules, whose service the settings registry must not wait for.
  private final ObjectProvider<ComplianceStandards> standards;

  public ComplianceSettings(ObjectProvider<ComplianceStandards> standards) {
    this.standards = standards;
  }

  @Override
  public Optional<List<String>> allowedValues(String key) {
    if (!STANDARDS.equals(key)) {
      return Optional.empty();
    }
    ComplianceStandards s = standards.getIfAvailable();
    return s == null ? Optional.empty() : Optional.of(List.copyOf(s.standards().ids()));
  }

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.stringList(STANDARDS, List.copyOf(Standards.builtIn().ids()), List.of(),
            "Compliance standards assessed for the cluster (ids of shipped or custom standards, e.g. pss-restricted,"
                + " cis-kubernetes; unknown ids are refused). Default: every shipped standard."),
        SettingDefinition.integer(RETENTION_DAYS, 400, 1, 3660,
            "Days of daily compliance snapshots (score per standard and control) kept for the trend."));
  }
}
