package dev.kubeward.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The four switchable parts of a cluster's protection. Each capability names the component it needs; when that
 * component is off the capability produces nothing and says why.
 */
public enum ProtectionComponent {
  /** Runtime detection from sensors and audit logs, and gated deployment. */
  SENSOR("sensor"),
  /** Inventory, misconfigurations, compliance and the list of running images. */
  KUBERNETES_API_ACCESS("kubernetesApiAccess"),
  /** Image vulnerability assessment and gated deployment. */
  REGISTRY_ACCESS("registryAccess"),
  /** Admission-policy based hardening. */
  POLICY_AGENT("policyAgent");

  private final String key;

  ProtectionComponent(String key) {
    this.key = key;
  }

  /** The name used in settings and the API ({@code registryAccess}). */
  public String key() {
    return key;
  }

  /**
   * The component with this API name.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static ProtectionComponent fromKey(String key) {
    for (ProtectionComponent c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown protection component '" + key + "'; expected one of "
            + Arrays.stream(values()).map(ProtectionComponent::key).collect(Collectors.joining(", ")));
  }
}
