package dev.kubeward.server.settings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Every setting declared by any {@link SettingsContributor}, by key. */
@Component
public class SettingsRegistry {
  private final Map<String, SettingDefinition> byKey = new LinkedHashMap<>();
  private final ObjectProvider<SettingChoices> choices;

  /** A registry whose settings have fixed choices only (tools and tests that build one by hand). */
  public SettingsRegistry(List<SettingsContributor> contributors) {
    this(contributors, null);
  }

  // Choices are looked up lazily: they depend on features (standards, rules) that may themselves read settings.
  @Autowired
  public SettingsRegistry(List<SettingsContributor> contributors, ObjectProvider<SettingChoices> choices) {
    this.choices = choices;
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

  /**
   * The values a setting accepts now: its contributor's current choices when they change at run time, else the
   * definition's fixed list (empty = any value).
   */
  public List<String> allowedValues(SettingDefinition d) {
    if (choices == null) {
      return d.allowedValues();
    }
    return choices.orderedStream().filter(c -> c.keys().contains(d.key())).findFirst()
        .map(c -> c.allowedValues(d.key())).orElse(d.allowedValues());
  }

  /**
   * Checks a value from an API request against the definition and the setting's current choices, and returns it in
   * canonical form.
   *
   * @throws IllegalArgumentException naming the key, the refused values and the accepted ones
   */
  public Object validate(SettingDefinition d, Object value) {
    Object canonical = d.validate(value);
    List<String> allowed = allowedValues(d);
    if (allowed.isEmpty() || allowed.equals(d.allowedValues())) {
      return canonical;
    }
    List<String> given = canonical instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : List.of(String.valueOf(canonical));
    List<String> unknown = given.stream().filter(v -> !allowed.contains(v)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("setting '" + d.key() + "' does not accept "
          + String.join(", ", unknown.stream().map(v -> "'" + v + "'").toList()) + "; expected one of "
          + String.join(", ", allowed));
    }
    return canonical;
  }

  public Collection<SettingDefinition> all() {
    return byKey.values();
  }
}
