package dev.kubeward.server.settings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every setting declared by any {@link SettingsContributor}, by key. */
@Component
public class SettingsRegistry {
  private final Map<String, SettingDefinition> byKey = new LinkedHashMap<>();

  public SettingsRegistry(List<SettingsContributor> contributors) {
    for (SettingsContributor c : contributors) {
      for (SettingDefinition d : c.settings()) {
        if (byKey.putIfAbsent(d.key(), d) != null) {
          throw new IllegalStateException("setting '" + d.key() + "' is declared twice");
        }
      }
    }
  }

  public Optional<SettingDefinition> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /**
   * The definition of a key from an API request.
   *
   * @throws IllegalArgumentException for an unknown key
   */
  public SettingDefinition require(String key) {
    SettingDefinition d = byKey.get(key);
    if (d == null) {
      throw new IllegalArgumentException("unknown setting '" + key + "'; GET /api/v1/settings/definitions lists them");
    }
    return d;
  }

  public Collection<SettingDefinition> all() {
    return byKey.values();
  }
}
