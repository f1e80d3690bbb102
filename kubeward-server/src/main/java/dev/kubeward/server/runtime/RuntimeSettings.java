package dev.kubeward.server.runtime;

import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
import org.springframework.stereotype.Component;

/** The runtime settings a workspace or cluster can change: event retention, when a sensor counts as silent. */
@Component
public class RuntimeSettings implements SettingsContributor {
  /** Days normalized events are kept for "Open logs". */
  public static final String RETENTION_DAYS = "runtime.eventRetentionDays";
  /** Minutes without events after which a cluster's sensor is shown as silent. */
  public static final String SILENT_MINUTES = "runtime.sensorSilentMinutes";
  /** Detections turned off. */
  public static final String DISABLED_DETECTIONS = "runtime.disabledDetections";

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.integer(RETENTION_DAYS, 7, 1, 365,
            "Days runtime events are kept so an alert's 'Open logs' can show what happened around it."),
        SettingDefinition.integer(SILENT_MINUTES, 30, 1, 10_080,
            "Minutes without any event after which the cluster's runtime sensor is shown as silent."),
        SettingDefinition.stringList(DISABLED_DETECTIONS, List.of(), List.of(),
            "Runtime detections that do not run for this cluster (detection ids)."));
  }
}
