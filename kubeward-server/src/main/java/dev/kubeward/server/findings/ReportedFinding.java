package dev.kubeward.server.findings;

import dev.kubeward.model.ControlRef;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.security.Secrets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One finding as a scanner reports it to {@link FindingIngestService}: what is wrong, where, and how bad. The workflow
 * fields (status, owner, due date, exception, history) are the server's, never the scanner's.
 *
 * <p>Which fields each kind fills:
 * <ul>
 *   <li>misconfiguration: {@code ruleId} (the posture rule), the resource ({@code namespace}, {@code resourceKind},
 *       {@code resourceName}) and, for container-level rules, {@code container};
 *   <li>vulnerability: {@code ruleId} = the advisory (CVE/GHSA id), {@code image}, {@code imageDigest},
 *       {@code packageName}, {@code packageVersion}, {@code fixedVersion}, and the workload running the image;
 *   <li>alert: {@code ruleId} = the detection, the resource and container where it fired;
 *   <li>compliance: {@code ruleId} = {@code standard:control} (a {@link ControlRef}), one finding per failing control
 *       (and per resource if the engine reports them so).
 * </ul>
 *
 * @param key the finding's stable identity within its cluster, kind and source, computed by the producer from what
 *     makes it "the same finding" across scans; null derives it from ruleId, resource, container, image digest and
 *     package (see {@link #identity()})
 * @param ruleId rule, advisory, detection or control id
 * @param title one line for lists
 * @param details longer explanation or the alert's message
 * @param severity the finding's own severity
 * @param risk the risk engine's level, or null when not rated
 * @param attributes extra, kind-specific facts (CVSS vector, process tree, failing paths, ...), serialisable as JSON
 */
public record ReportedFinding(
    String key,
    String ruleId,
    String title,
    String details,
    Severity severity,
    RiskLevel risk,
    String namespace,
    String resourceKind,
    String resourceName,
    String container,
    String image,
    String imageDigest,
    String packageName,
    String packageVersion,
    String fixedVersion,
    Map<String, Object> attributes) {

  /** Longest key stored as given; longer keys are replaced by their SHA-256. */
  public static final int MAX_KEY_LENGTH = 512;

  public ReportedFinding {
    ruleId = required(ruleId, "ruleId", 300);
    title = required(title, "title", 500);
    Objects.requireNonNull(severity, "severity");
    details = clip(details, 8000);
    namespace = clip(namespace, 253);
    resourceKind = clip(resourceKind, 100);
    resourceName = clip(resourceName, 253);
    container = clip(container, 253);
    image = clip(image, 500);
    imageDigest = clip(imageDigest, 100);
    packageName = clip(packageName, 300);
    packageVersion = clip(packageVersion, 200);
    fixedVersion = clip(fixedVersion, 200);
    attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
    key = key == null || key.isBlank() ? null : key;
  }

  /** The identity used to recognise this finding in the next report. */
  public String identity() {
    String k = key != null ? key
        : String.join("|", ruleId, namespace, resourceKind, resourceName, container, imageDigest.isEmpty() ? image : imageDigest,
            packageName, packageVersion);
    return normalizeKey(k);
  }

  /** A key as the store keeps it: as given up to {@link #MAX_KEY_LENGTH} characters, else its SHA-256. */
  public static String normalizeKey(String k) {
    return k.length() <= MAX_KEY_LENGTH ? k : "sha256:" + Secrets.sha256(k);
  }

  /** The standard of a compliance finding ({@code ruleId} is {@code standard:control}); "" when there is none. */
  public String standardId() {
    int colon = ruleId.indexOf(':');
    return colon > 0 && colon < ruleId.length() - 1 ? ControlRef.parse(ruleId).standardId() : "";
  }

  /** A builder, for producers that fill only some fields. */
  public static Builder builder(String ruleId, String title, Severity severity) {
    return new Builder(ruleId, title, severity);
  }

  private static String required(String s, String field, int max) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("a reported finding needs '" + field + "'");
    }
    return clip(s, max);
  }

  private static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Builds a {@link ReportedFinding}. */
  public static final class Builder {
    private String key;
    private final String ruleId;
    private final String title;
    private final Severity severity;
    private String details;
    private RiskLevel risk;
    private String namespace;
    private String resourceKind;
    private String resourceName;
    private String container;
    private String image;
    private String imageDigest;
    private String packageName;
    private String packageVersion;
    private String fixedVersion;
    private Map<String, Object> attributes;

    private Builder(String ruleId, String title, Severity severity) {
      this.ruleId = ruleId;
      this.title = title;
      this.severity = severity;
    }

    public Builder key(String v) { key = v; return this; }
    public Builder details(String v) { details = v; return this; }
    public Builder risk(RiskLevel v) { risk = v; return this; }
    public Builder resource(String namespace, String kind, String name) {
      this.namespace = namespace;
      this.resourceKind = kind;
      this.resourceName = name;
      return this;
    }
    public Builder resource(dev.kubeward.model.ResourceRef ref) {
      return resource(ref.namespace(), ref.kind(), ref.name());
    }
    public Builder container(String v) { container = v; return this; }
    public Builder image(String image, String digest) { this.image = image; this.imageDigest = digest; return this; }
    public Builder pkg(String name, String version, String fixed) {
      packageName = name;
      packageVersion = version;
      fixedVersion = fixed;
      return this;
    }
    public Builder attributes(Map<String, Object> v) { attributes = v; return this; }

    public ReportedFinding build() {
      return new ReportedFinding(key, ruleId, title, details, severity, risk, namespace, resourceKind, resourceName,
          container, image, imageDigest, packageName, packageVersion, fixedVersion, attributes);
    }
  }
}
