package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's filters over findings. Empty sets and empty optionals mean "any".
 *
 * @param workload a resource name (Deployment, Pod, ... name)
 * @param image an image reference or digest
 * @param rule a rule, advisory (CVE) or control id
 * @param dueBefore findings due before this day
 * @param dueAfter findings due on or after this day
 * @param overdue true: only overdue findings; false: only findings that are not overdue
 */
public record FindingFilter(
    Optional<FindingKind> kind,
    Set<Severity> severities,
    Set<RiskLevel> risks,
    Set<FindingStatus> statuses,
    Optional<String> owner,
    Optional<String> namespace,
    Optional<String> workload,
    Optional<String> image,
    Optional<String> rule,
    Optional<String> source,
    Optional<LocalDate> dueBefore,
    Optional<LocalDate> dueAfter,
    Optional<Boolean> overdue) {

  public FindingFilter {
    severities = severities == null ? Set.of() : Set.copyOf(severities);
    risks = risks == null ? Set.of() : Set.copyOf(risks);
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
  }

  /** No filter at all. */
  public static FindingFilter all() {
    return new FindingFilter(Optional.empty(), Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** Every finding of one kind. */
  public static FindingFilter ofKind(FindingKind kind) {
    return all().withKind(kind);
  }

  public FindingFilter withKind(FindingKind k) {
    return new FindingFilter(Optional.of(k), severities, risks, statuses, owner, namespace, workload, image, rule,
        source, dueBefore, dueAfter, overdue);
  }

  public FindingFilter withStatuses(Set<FindingStatus> s) {
    return new FindingFilter(kind, severities, risks, s, owner, namespace, workload, image, rule, source, dueBefore,
        dueAfter, overdue);
  }

  public FindingFilter withSeverities(Set<Severity> s) {
    return new FindingFilter(kind, s, risks, statuses, owner, namespace, workload, image, rule, source, dueBefore,
        dueAfter, overdue);
  }

  public FindingFilter withOwner(String o) {
    return new FindingFilter(kind, severities, risks, statuses, Optional.ofNullable(o), namespace, workload, image,
        rule, source, dueBefore, dueAfter, overdue);
  }

  public FindingFilter withNamespace(String n) {
    return new FindingFilter(kind, severities, risks, statuses, owner, Optional.ofNullable(n), workload, image, rule,
        source, dueBefore, dueAfter, overdue);
  }

  public FindingFilter withRule(String r) {
    return new FindingFilter(kind, severities, risks, statuses, owner, namespace, workload, image,
        Optional.ofNullable(r), source, dueBefore, dueAfter, overdue);
  }

  public FindingFilter withOverdue(Boolean o) {
    return new FindingFilter(kind, severities, risks, statuses, owner, namespace, workload, image, rule, source,
        dueBefore, dueAfter, Optional.ofNullable(o));
  }
}
