package dev.kubeward.runtime.suppression;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.internal.Glob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rule that dismisses matching alerts: known-good activity ("the backup job runs tar on /etc every night"). Every
 * criterion that is set must match; text criteria are shell-style globs ({@code *}, {@code ?}). An expired rule
 * matches nothing.
 *
 * @param id stable id
 * @param name display name
 * @param detectionIds detections it covers (globs); empty for all
 * @param cluster cluster id glob, or "" for any
 * @param namespace namespace glob, or ""
 * @param workload workload glob, matched against {@code namespace/Kind/name} and against the bare name, or ""
 * @param image image reference glob, or ""
 * @param user user name glob, or ""
 * @param process executable glob, matched against the path and the bare name, or ""
 * @param commandLine command line glob, or ""
 * @param reason why the activity is fine (required: suppressions must be explainable)
 * @param author who made the rule
 * @param createdAt when
 * @param expiresAt when it stops matching, or null for never
 */
public record SuppressionRule(
    String id,
    String name,
    List<String> detectionIds,
    String cluster,
    String namespace,
    String workload,
    String image,
    String user,
    String process,
    String commandLine,
    String reason,
    String author,
    Instant createdAt,
    Instant expiresAt) {

  public SuppressionRule {
    Objects.requireNonNull(id, "id");
    name = name == null || name.isBlank() ? id : name;
    detectionIds = detectionIds == null ? List.of() : List.copyOf(detectionIds);
    cluster = nz(cluster);
    namespace = nz(namespace);
    workload = nz(workload);
    image = nz(image);
    user = nz(user);
    process = nz(process);
    commandLine = nz(commandLine);
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a suppression rule needs a reason");
    }
    if (author == null || author.isBlank()) {
      throw new IllegalArgumentException("a suppression rule needs an author");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    if (expiresAt != null && !expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("a suppression rule must expire after it was created");
    }
    if (detectionIds.isEmpty() && cluster.isEmpty() && namespace.isEmpty() && workload.isEmpty() && image.isEmpty()
        && user.isEmpty() && process.isEmpty() && commandLine.isEmpty()) {
      throw new IllegalArgumentException("a suppression rule must narrow at least one field; a rule that matches "
          + "every alert would hide everything");
    }
  }

  /** True once the expiry has passed. */
  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** "active", "active until 2025-06-01T00:00:00Z" or "expired on 2025-06-01T00:00:00Z". */
  public String describeState(Instant now) {
    if (expiresAt == null) {
      return "active";
    }
    return expired(now) ? "expired on " + expiresAt : "active until " + expiresAt;
  }

  /** True when the criteria match the alert, ignoring expiry. */
  public boolean criteriaMatch(Alert a) {
    if (!Glob.anyMatches(detectionIds, a.detectionId())) {
      return false;
    }
    if (!glob(cluster, a.cluster()) || !glob(namespace, a.entity(EntityType.NAMESPACE))) {
      return false;
    }
    if (!workload.isEmpty()) {
      String w = a.entity(EntityType.WORKLOAD);
      String bare = w.substring(w.lastIndexOf('/') + 1);
      if (!Glob.of(workload).matches(w) && !Glob.of(workload).matches(bare)) {
        return false;
      }
    }
    if (!glob(image, a.entity(EntityType.IMAGE)) || !glob(user, a.entity(EntityType.USER))) {
      return false;
    }
    if (!process.isEmpty()) {
      String p = a.entity(EntityType.PROCESS);
      String bare = p.substring(p.lastIndexOf('/') + 1);
      if (!Glob.of(process).matches(p) && !Glob.of(process).matches(bare)) {
        return false;
      }
    }
    return glob(commandLine, a.commandLine());
  }

  /** True when the rule is active at {@code now} and its criteria match. */
  public boolean matches(Alert a, Instant now) {
    return !expired(now) && criteriaMatch(a);
  }

  private static boolean glob(String pattern, String value) {
    return pattern.isEmpty() || Glob.of(pattern).matches(value);
  }

  private static String nz(String s) {
    return s == null ? "" : s.trim();
  }
}
