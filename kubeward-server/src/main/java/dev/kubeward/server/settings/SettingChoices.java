package dev.kubeward.server.settings;

import java.util.List;
import java.util.Set;

/**
 * The accepted values of settings whose choices change at run time (the compliance standards: shipped plus custom
 * ones). Implement as a Spring bean next to the feature; {@link SettingsRegistry} asks it when a value is written and
 * when the definitions are listed. Stored values are not re-checked on reading, so a choice that disappears later (a
 * deleted custom standard) does not make the stored settings unreadable.
 */
public interface SettingChoices {
  /** The setting keys this bean decides the choices of. */
  Set<String> keys();

  /** The values a setting accepts now. */
  List<String> allowedValues(String key);
}
