package dev.kubeward.server.settings;

import dev.kubeward.model.ProtectionComponent;
import java.util.List;
import java.util.Map;

/**
 * A cluster's effective settings: for each key the value in force and where it came from.
 *
 * @param values by key, in declaration order
 */
public record EffectiveSettings(String clusterId, String workspaceId, Map<String, Value> values) {

  /** Where an effective value came from. */
  public enum Source {
    /** Set on the workspace; overrides whatever the cluster says. */
    WORKSPACE,
    /** Set on the cluster, and the workspace leaves it open. */
    CLUSTER,
    /** Set on neither. */
    DEFAULT
  }

  /**
   * One effective value.
   *
   * @param value the value in force
   * @param source where it came from
   * @param workspaceValue the workspace's explicit value, or null
   * @param clusterValue the cluster's explicit value, or null (shown as overridden when the workspace sets one)
   * @param defaultValue the built-in default
   */
  public record Value(Object value, Source source, Object workspaceValue, Object clusterValue, Object defaultValue) {}

  public Value get(String key) {
    Value v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("unknown setting '" + key + "'");
    }
    return v;
  }

  public boolean bool(String key) {
    return (Boolean) get(key).value();
  }

  public long integer(String key) {
    return ((Number) get(key).value()).longValue();
  }

  @SuppressWarnings("unchecked")
  public List<String> stringList(String key) {
    return (List<String>) get(key).value();
  }

  /**
   * Whether a component is active, and if not, why, in words for the API and UI.
   */
  public ComponentStatus component(ProtectionComponent c) {
    Value enabled = get(ProtectionSettings.ENABLED);
    if (!(Boolean) enabled.value()) {
      return new ComponentStatus(c.key(), false, "protection is turned off " + where(enabled.source()));
    }
    Value v = get(ProtectionSettings.key(c));
    if (!(Boolean) v.value()) {
      return new ComponentStatus(c.key(), false, "the " + c.key() + " component is turned off " + where(v.source()));
    }
    return new ComponentStatus(c.key(), true, "");
  }

  private static String where(Source s) {
    return switch (s) {
      case WORKSPACE -> "for the workspace";
      case CLUSTER -> "for this cluster";
      case DEFAULT -> "by default";
    };
  }

  /** A component's state: active, or off with the reason. */
  public record ComponentStatus(String component, boolean active, String reason) {}
}
