package dev.kubeward.server.findings.exceptions;

import dev.kubeward.model.FindingKind;
import dev.kubeward.server.findings.FindingEnums;
import java.time.Instant;
import java.util.Objects;

/**
 * An accepted finding or set of findings, as stored. A scope exception covers every finding that matches all its set
 * fields (unset fields match anything); a pinned one covers exactly the findings chosen when it was made.
 *
 * @param clusterId the cluster it is limited to; null for every cluster of the workspace
 * @param kind the kind it is limited to; null for any
 * @param workload a resource name
 * @param ruleId a rule, advisory (CVE) or control id
 * @param expiresAt after this instant the covered findings reopen; null for no expiry
 * @param endedAt when it expired or was revoked; null while active
 */
public record FindingException(
    String id,
    String workspaceId,
    String clusterId,
    FindingKind kind,
    String namespace,
    String workload,
    String imageDigest,
    String packageName,
    String ruleId,
    boolean pinned,
    ExceptionReason reason,
    String justification,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant endedAt,
    String endedBy,
    String endedReason) {

  /** True while the exception covers findings. */
  public boolean activeAt(Instant now) {
    return endedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** True when this (scope) exception covers a finding with these facts. Pinned exceptions match by reference only. */
  public boolean matches(String findingClusterId, FindingKind findingKind, String findingNamespace,
      String findingWorkload, String findingImageDigest, String findingPackage, String findingRule) {
    return !pinned
        && (clusterId == null || clusterId.equals(findingClusterId))
        && (kind == null || kind == findingKind)
        && eq(namespace, findingNamespace)
        && eq(workload, findingWorkload)
        && eq(imageDigest, findingImageDigest)
        && eq(packageName, findingPackage)
        && eq(ruleId, findingRule);
  }

  private static boolean eq(String scope, String value) {
    return scope == null || Objects.equals(scope, value);
  }

  /** The kind as stored, or null. */
  public String kindColumnOrNull() {
    return kindColumn();
  }

  String kindColumn() {
    return kind == null ? null : FindingEnums.kind(kind);
  }
}
