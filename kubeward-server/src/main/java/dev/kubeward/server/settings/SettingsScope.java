package dev.kubeward.server.settings;

import java.util.Locale;

/** Where an explicit setting value lives: a workspace or a cluster. */
public record SettingsScope(Type type, String id) {
  /** The two levels settings can be set at. */
  public enum Type {
    WORKSPACE,
    CLUSTER;

    /** Column value in {@code settings.scope_type}. */
    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static SettingsScope workspace(String id) {
    return new SettingsScope(Type.WORKSPACE, id);
  }

  public static SettingsScope cluster(String id) {
    return new SettingsScope(Type.CLUSTER, id);
  }
}
