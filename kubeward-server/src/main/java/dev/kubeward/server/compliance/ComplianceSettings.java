package dev.kubeward.server.compliance;

import dev.kubeward.compliance.Standards;
import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
import org.springframework.stereotype.Component;

/** The compliance settings: which standards apply (default: every shipped one) and how long snapshots are kept. */
@Component
public class ComplianceSettings implements SettingsContributor {
  /** The standards assessed for a cluster (ids; unknown ones are ignored and named in the status). */
  public static final String STANDARDS = "compliance.standards";
  /** Days of daily snapshots kept for the trend. */
  public static final String RETENTION_DAYS = "compliance.snapshotRetentionDays";

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.stringList(STANDARDS, List.copyOf(Standards.builtIn().ids()), List.of(),
            "Compliance standards assessed for the cluster (ids, e.g. pss-restricted, cis-kubernetes; custom"
                + " standards too). Default: every shipped standard."),
        SettingDefinition.integer(RETENTION_DAYS, 400, 1, 3660,
            "Days of daily compliance snapshots (score per standard and control) kept for the trend."));
  }
}
