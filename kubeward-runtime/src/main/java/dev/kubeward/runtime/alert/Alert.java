package dev.kubeward.runtime.alert;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.runtime.detection.Confidence;
import dev.kubeward.runtime.detection.Detection;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.detection.MitreMapping;
import dev.kubeward.runtime.event.Entity;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.event.EventRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A security alert: one detection on one set of entities, however often it fired. Identical hits (same detection,
 * same {@link #dedupKey()}) are merged into one alert whose count and last-seen time grow.
 *
 * @param id the alert's id
 * @param detectionId the detection that raised it
 * @param title the detection's title
 * @param severity the detection's severity
 * @param confidence the detection's confidence
 * @param risk severity adjusted for the environment (see {@link RiskAdjuster})
 * @param riskReason why the risk differs from the severity, or ""
 * @param status workflow status
 * @param statusReason why the status was last changed, or ""
 * @param statusChangedBy who changed it last ({@code suppression:<rule id>} for suppression rules), or ""
 * @param statusChangedAt when, or null while it was never changed
 * @param suppressedBy the suppression rule that dismissed it, or ""
 * @param cluster the cluster id
 * @param firstSeen time of the first hit
 * @param lastSeen time of the latest hit
 * @param count number of hits merged into it
 * @param dedupKey what makes two hits "the same alert"
 * @param entities what the alert involves (from the first hit)
 * @param evidence references to the events behind it: the first hits' and the latest ones (bounded)
 * @param description what happened and why it matters
 * @param recommendedSteps what to do, in order
 * @param mitre the ATT&CK mapping
 * @param commandLine the command line of the process involved, or "" (for suppression rules and the detail panel)
 * @param details facts from the detection (threshold count, drift reason, first-seen value)
 * @param test true for test alerts made to check routing
 */
public record Alert(
    String id,
    String detectionId,
    String title,
    Severity severity,
    Confidence confidence,
    RiskLevel risk,
    String riskReason,
    AlertStatus status,
    String statusReason,
    String statusChangedBy,
    Instant statusChangedAt,
    String suppressedBy,
    String cluster,
    Instant firstSeen,
    Instant lastSeen,
    long count,
    String dedupKey,
    List<Entity> entities,
    List<EventRef> evidence,
    String description,
    List<String> recommendedSteps,
    MitreMapping mitre,
    String commandLine,
    Map<String, String> details,
    boolean test) {

  /** Evidence references kept per alert: the first few hits and the latest ones. */
  public static final int MAX_EVIDENCE = 20;
  private static final int KEEP_FIRST = 5;
  /** Entity types that identify "the same thing" when a detection does not say ({@code dedupBy}). */
  public static final List<EntityType> DEFAULT_DEDUP = List.of(EntityType.CLUSTER, EntityType.NAMESPACE,
      EntityType.WORKLOAD, EntityType.USER, EntityType.PROCESS, EntityType.RESOURCE);

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(detectionId, "detectionId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    riskReason = riskReason == null ? "" : riskReason;
    statusReason = statusReason == null ? "" : statusReason;
    statusChangedBy = statusChangedBy == null ? "" : statusChangedBy;
    suppressedBy = suppressedBy == null ? "" : suppressedBy;
    cluster = cluster == null ? "" : cluster;
    entities = List.copyOf(entities);
    evidence = List.copyOf(evidence);
    recommendedSteps = List.copyOf(recommendedSteps);
    commandLine = commandLine == null ? "" : commandLine;
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A new, active alert for a hit. */
  public static Alert open(DetectionHit hit, String id) {
    Detection d = hit.detection();
    RuntimeEvent e = hit.event();
    return new Alert(id, d.id(), d.title(), d.severity(), d.confidence(), RiskAdjuster.fromSeverity(d.severity()), "",
        AlertStatus.ACTIVE, "", "", null, "", e.cluster(), earliest(hit), hit.time(), 1, dedupKey(hit),
        Entity.of(e), hit.evidence(), d.description(), d.response(), d.mitre(), e.process().commandLine(),
        hit.details(), d.tags().contains("test"));
  }

  /**
   * The key under which hits merge: the detection id plus the values of its {@code dedupBy} entity types (by default
   * {@link #DEFAULT_DEDUP}, or, for stateful detections, their group key), hashed.
   */
  public static String dedupKey(DetectionHit hit) {
    Detection d = hit.detection();
    List<String> parts = new ArrayList<>();
    parts.add(d.id());
    if (!d.dedupBy().isEmpty() || hit.groupKey().isEmpty()) {
      Set<EntityType> types = new LinkedHashSet<>(d.dedupBy().isEmpty() ? DEFAULT_DEDUP : d.dedupBy());
      if (d.dedupBy().isEmpty() && hit.event().workload().isEmpty()) {
        // Host processes and node-level API calls have no workload: the node tells them apart instead.
        types.add(EntityType.NODE);
      }
      for (Entity en : Entity.of(hit.event())) {
        if (types.contains(en.type())) {
          parts.add(en.key());
        }
      }
    } else {
      parts.add(hit.event().cluster());
      parts.add(hit.groupKey());
    }
    return sha256(String.join("\n", parts)).substring(0, 32);
  }

  /** This alert with one more hit merged in: count, last seen and evidence grow; status stays. */
  public Alert withOccurrence(DetectionHit hit) {
    if (!dedupKey(hit).equals(dedupKey)) {
      throw new IllegalArgumentException("hit of " + hit.detection().id() + " does not belong to alert " + id);
    }
    List<EventRef> merged = new ArrayList<>(evidence);
    for (EventRef r : hit.evidence()) {
      if (merged.stream().noneMatch(x -> x.id().equals(r.id()))) {
        merged.add(r);
      }
    }
    if (merged.size() > MAX_EVIDENCE) {
      List<EventRef> bounded = new ArrayList<>(merged.subList(0, KEEP_FIRST));
      bounded.addAll(merged.subList(merged.size() - (MAX_EVIDENCE - KEEP_FIRST), merged.size()));
      merged = bounded;
    }
    Instant first = earliest(hit).isBefore(firstSeen) ? earliest(hit) : firstSeen;
    Instant last = hit.time().isAfter(lastSeen) ? hit.time() : lastSeen;
    Map<String, String> newDetails = new LinkedHashMap<>(details);
    newDetails.putAll(hit.details());
    return new Alert(id, detectionId, title, severity, confidence, risk, riskReason, status, statusReason,
        statusChangedBy, statusChangedAt, suppressedBy, cluster, first, last, count + 1, dedupKey, entities, merged,
        description, recommendedSteps, mitre, commandLine, newDetails, test);
  }

  /**
   * This alert with a new status, recording who, when and why.
   *
   * @throws IllegalArgumentException when {@code by} is blank
   */
  public Alert withStatus(AlertStatus newStatus, String by, String reason, Instant at) {
    Objects.requireNonNull(newStatus, "newStatus");
    Objects.requireNonNull(at, "at");
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("a status change must say who made it");
    }
    return new Alert(id, detectionId, title, severity, confidence, risk, riskReason, newStatus, reason, by, at,
        newStatus == AlertStatus.DISMISSED ? suppressedBy : "", cluster, firstSeen, lastSeen, count, dedupKey,
        entities, evidence, description, recommendedSteps, mitre, commandLine, details, test);
  }

  /** This alert dismissed by a suppression rule, naming the rule. */
  public Alert dismissedBySuppression(String ruleId, String ruleName, String ruleReason, Instant at) {
    Alert a = withStatus(AlertStatus.DISMISSED, "suppression:" + ruleId,
        "suppressed by rule '" + ruleName + "'" + (ruleReason.isBlank() ? "" : ": " + ruleReason), at);
    return new Alert(a.id, a.detectionId, a.title, a.severity, a.confidence, a.risk, a.riskReason, a.status,
        a.statusReason, a.statusChangedBy, a.statusChangedAt, ruleId, a.cluster, a.firstSeen, a.lastSeen, a.count,
        a.dedupKey, a.entities, a.evidence, a.description, a.recommendedSteps, a.mitre, a.commandLine, a.details,
        a.test);
  }

  /** This alert with a risk from the risk engine. */
  public Alert withRisk(RiskLevel newRisk, String reason) {
    return new Alert(id, detectionId, title, severity, confidence, newRisk, reason, status, statusReason,
        statusChangedBy, statusChangedAt, suppressedBy, cluster, firstSeen, lastSeen, count, dedupKey, entities,
        evidence, description, recommendedSteps, mitre, commandLine, details, test);
  }

  /** The first value of an entity type, or "". */
  public String entity(EntityType type) {
    for (Entity e : entities) {
      if (e.type() == type) {
        return e.value();
      }
    }
    return "";
  }

  private static Instant earliest(DetectionHit hit) {
    Instant t = hit.time();
    for (EventRef r : hit.evidence()) {
      if (r.time().isBefore(t)) {
        t = r.time();
      }
    }
    return t;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
