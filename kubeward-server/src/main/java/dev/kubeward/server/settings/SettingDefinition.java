package dev.kubeward.server.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A setting Kubeward understands: its key, its type, its default and what it does.
 *
 * @param key dotted key, e.g. {@code protection.registryAccess}
 * @param type the kind of value
 * @param defaultValue the value when neither workspace nor cluster sets one
 * @param description one sentence for the settings page and the configuration reference
 * @param allowedValues for {@link Type#STRING} and {@link Type#STRING_LIST}: the accepted values (empty = any)
 * @param min for {@link Type#INTEGER}: smallest accepted value
 * @param max for {@link Type#INTEGER}: largest accepted value
 */
public record SettingDefinition(
    String key, Type type, Object defaultValue, String description, List<String> allowedValues, long min, long max) {

  public SettingDefinition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
  }

  /** The kinds of values a setting can hold. */
  public enum Type {
    BOOLEAN,
    INTEGER,
    STRING,
    STRING_LIST
  }

  public static SettingDefinition bool(String key, boolean defaultValue, String description) {
    return new SettingDefinition(key, Type.BOOLEAN, defaultValue, description, List.of(), 0, 0);
  }

  public static SettingDefinition integer(String key, long defaultValue, long min, long max, String description) {
    return new SettingDefinition(key, Type.INTEGER, defaultValue, description, List.of(), min, max);
  }

  public static SettingDefinition string(String key, String defaultValue, List<String> allowed, String description) {
    return new SettingDefinition(key, Type.STRING, defaultValue, description, allowed, 0, 0);
  }

  public static SettingDefinition stringList(String key, List<String> defaultValue, List<String> allowed,
      String description) {
    return new SettingDefinition(key, Type.STRING_LIST, defaultValue, description, allowed, 0, 0);
  }

  /**
   * Checks a value from an API request and returns it in canonical form (Long for integers, List of String).
   *
   * @throws IllegalArgumentException naming the key and what is expected
   */
  public Object validate(Object value) {
    switch (type) {
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          return value;
        }
        throw wrong("true or false", value);
      }
      case INTEGER -> {
        if (value instanceof Integer || value instanceof Long) {
          long v = ((Number) value).longValue();
          if (v < min || v > max) {
            throw new IllegalArgumentException("setting '" + key + "' must be between " + min + " and " + max + ", was " + v);
          }
          return v;
        }
        throw wrong("a whole number", value);
      }
      case STRING -> {
        if (value instanceof String s) {
          checkAllowed(s);
          return s;
        }
        throw wrong("a string", value);
      }
      case STRING_LIST -> {
        if (value instanceof List<?> list) {
          List<String> out = new ArrayList<>();
          for (Object o : list) {
            if (!(o instanceof String s)) {
              throw wrong("a list of strings", value);
            }
            checkAllowed(s);
            if (!out.contains(s)) {
              out.add(s);
            }
          }
          return List.copyOf(out);
        }
        throw wrong("a list of strings", value);
      }
      default -> throw new IllegalStateException(type.name());
    }
  }

  private void checkAllowed(String s) {
    if (!allowedValues.isEmpty() && !allowedValues.contains(s)) {
      throw new IllegalArgumentException("setting '" + key + "' does not accept '" + s + "'; expected one of "
          + String.join(", ", allowedValues));
    }
  }

  private IllegalArgumentException wrong(String expected, Object value) {
    String got = value == null ? "null" : value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return new IllegalArgumentException("setting '" + key + "' expects " + expected + ", got " + got);
  }
}
