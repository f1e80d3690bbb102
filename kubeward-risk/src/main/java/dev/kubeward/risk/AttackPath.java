package dev.kubeward.risk;

import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.RiskLevel;
import java.util.List;

/**
 * A chain from an entry point on the internet, through an exploitable vulnerability and the workload's identity or
 * privileges, to a target.
 *
 * @param id stable id (workload and target)
 * @param workload the exposed workload
 * @param target what an attacker reaches
 * @param targetDescription the target in words ("Secrets in all namespaces", "the node")
 * @param score the score of the enabling component that ranks highest
 * @param level its level
 * @param steps entry, exploit, identity/privileges, target
 * @param enablingFindings ids of the vulnerable components that enable the exploit step
 */
public record AttackPath(String id, ResourceRef workload, Target target, String targetDescription, double score,
    RiskLevel level, List<Step> steps, List<String> enablingFindings) {
  public AttackPath {
    steps = List.copyOf(steps);
    enablingFindings = List.copyOf(enablingFindings);
  }

  /** What the path ends at. */
  public enum Target {
    /** Secrets the workload's account may read. */
    SECRETS,
    /** Every permission in the cluster. */
    CLUSTER_ADMIN,
    /** The node the pod runs on (privileged, host namespaces, host mounts, or creating pods). */
    NODE
  }

  /** The kind of a step. */
  public enum StepKind {
    ENTRY,
    EXPLOIT,
    PRIVILEGE,
    TARGET
  }

  /**
   * One step.
   *
   * @param kind what the step is
   * @param title a short label (drawn as the graph's node)
   * @param detail the full sentence
   * @param resource the object the step is about ({@code Kind/ns/name}), or ""
   * @param findings ids of the findings that enable it
   */
  public record Step(StepKind kind, String title, String detail, String resource, List<String> findings) {
    public Step {
      findings = List.copyOf(findings);
    }
  }
}
