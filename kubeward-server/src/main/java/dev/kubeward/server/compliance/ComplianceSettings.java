package dev.kubeward.server.compliance;

import dev.kubeward.compliance.Standards;
import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
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

  /** Whether each kubelet's configz is read for the CIS kubelet controls (needs get on nodes/proxy). */
  public static final String KUBELET_CONFIG = "compliance.kubeletConfig";

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.stringList(STANDARDS, List.copyOf(Standards.builtIn().ids()), List.of(),
            "Compliance standards assessed for the cluster (ids of shipped or custom standards, e.g. pss-restricted,"
                + " cis-kubernetes; unknown ids are refused). Default: every shipped standard."),
        SettingDefinition.bool(KUBELET_CONFIG, false,
            "Read each node's kubelet configuration (configz, through the node proxy) for the CIS kubelet controls."
                + " Needs get on nodes/proxy (Helm value rbac.kubeletConfig), which reaches the kubelet's whole API;"
                + " off, those controls are not evaluated."),
        SettingDefinition.integer(RETENTION_DAYS, 400, 1, 3660,
            "Days of daily compliance snapshots (score per standard and control) kept for the trend."));
  }
}
