package dev.kubeward.server.settings;

import dev.kubeward.model.ProtectionComponent;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Declares the plan settings: protection on/off and its four components. All default to on. */
@Component
public class ProtectionSettings implements SettingsContributor {
  /** Turns all protection of a cluster on or off. */
  public static final String ENABLED = "protection.enabled";

  /** The key of a component's switch, {@code protection.registryAccess}. */
  public static String key(ProtectionComponent c) {
    return "protection." + c.key();
  }

  @Override
  public List<SettingDefinition> settings() {
    List<SettingDefinition> s = new ArrayList<>();
    s.add(SettingDefinition.bool(ENABLED, true, "Protection of the cluster as a whole; off turns every component off."));
    s.add(SettingDefinition.bool(key(ProtectionComponent.SENSOR), true,
        "Runtime threat detection from sensors and audit logs, and gated deployment."));
    s.add(SettingDefinition.bool(key(ProtectionComponent.KUBERNETES_API_ACCESS), true,
        "Reading the Kubernetes API: inventory, misconfigurations, compliance and the list of running images."));
    s.add(SettingDefinition.bool(key(ProtectionComponent.REGISTRY_ACCESS), true,
        "Pulling images from registries for vulnerability assessment and gated deployment."));
    s.add(SettingDefinition.bool(key(ProtectionComponent.POLICY_AGENT), true,
        "Applying admission policies to the cluster to prevent misconfigurations."));
    return s;
  }
}
