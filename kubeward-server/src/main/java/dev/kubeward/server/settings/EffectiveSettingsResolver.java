package dev.kubeward.server.settings;

import dev.kubeward.server.settings.EffectiveSettings.Source;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule for effective settings, in one place: a value set on the workspace wins; otherwise the cluster's value;
 * otherwise the default. The workspace plays the role of a subscription whose policy clusters cannot loosen.
 */
public final class EffectiveSettingsResolver {
  private EffectiveSettingsResolver() {}

  /**
   * Resolves every registered setting.
   *
   * @param workspaceValues explicit workspace values (canonical objects)
   * @param clusterValues explicit cluster values (canonical objects)
   */
  public static EffectiveSettings resolve(String clusterId, String workspaceId, SettingsRegistry registry,
      Map<String, Object> workspaceValues, Map<String, Object> clusterValues) {
    Map<String, EffectiveSettings.Value> out = new LinkedHashMap<>();
    for (SettingDefinition d : registry.all()) {
      Object ws = workspaceValues.get(d.key());
      Object cl = clusterValues.get(d.key());
      Object value;
      Source source;
      if (ws != null) {
        value = ws;
        source = Source.WORKSPACE;
      } else if (cl != null) {
        value = cl;
        source = Source.CLUSTER;
      } else {
        value = d.defaultValue();
        source = Source.DEFAULT;
      }
      out.put(d.key(), new EffectiveSettings.Value(value, source, ws, cl, d.defaultValue()));
    }
    return new EffectiveSettings(clusterId, workspaceId, out);
  }
}
