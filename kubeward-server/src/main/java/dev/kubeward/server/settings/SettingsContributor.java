package dev.kubeward.server.settings;

import java.util.List;
import java.util.Optional;

/**
 * Declares the settings of one feature. Implement it as a Spring bean next to the feature; {@link SettingsRegistry}
 * finds every contributor, so no central list needs editing.
 */
public interface SettingsContributor {
  /** The settings this feature reads. */
  List<SettingDefinition> settings();

  /**
   * The values one of this feature's settings accepts now, for settings whose choices change at run time (the
   * compliance standards, custom ones included). Empty: the definition's own {@link SettingDefinition#allowedValues()}
   * apply. Checked when a value is written, not when a stored one is read, so a choice that disappears later (a
   * deleted custom standard) does not make the stored settings unreadable.
   */
  default Optional<List<String>> allowedValues(String key) {
    return Optional.empty();
  }
}
