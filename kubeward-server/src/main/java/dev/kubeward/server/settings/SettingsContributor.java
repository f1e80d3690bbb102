package dev.kubeward.server.settings;

import java.util.List;

/**
 * Declares the settings of one feature. Implement it as a Spring bean next to the feature; {@link SettingsRegistry}
 * finds every contributor, so no central list needs editing.
 */
public interface SettingsContributor {
  /** The settings this feature reads. */
  List<SettingDefinition> settings();
}
