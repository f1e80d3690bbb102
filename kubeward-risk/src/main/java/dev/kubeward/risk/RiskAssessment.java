package dev.kubeward.risk;

import java.util.List;

/**
 * The risk engine's result for one cluster.
 *
 * @param components vulnerable components, highest risk first
 * @param attackPaths attack paths, highest risk first
 */
public record RiskAssessment(List<VulnerableComponent> components, List<AttackPath> attackPaths) {
  public RiskAssessment {
    components = List.copyOf(components);
    attackPaths = List.copyOf(attackPaths);
  }
}
