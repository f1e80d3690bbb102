package dev.kubeward.advisories;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of a {@link MatchReport}, as sections added to a scan report tree (the CLI adds them next to
 * {@code packages}; the server can serve the same shape):
 *
 * <ul>
 *   <li>{@code database} — location, {@code freshness} (fresh, stale, missing), build id, dates, age, and a
 *       {@code warning} sentence whenever the results need one;
 *   <li>{@code vulnerabilitySummary} — counts per severity, known-exploited and undetermined;
 *   <li>{@code vulnerabilities} — one entry per (package, advisory), worst first, or {@code null} when nothing could
 *       be matched (no database) — never an empty list that would read as "clean";
 *   <li>{@code undetermined} — packages whose status is unknown, and why.
 * </ul>
 *
 * Severities are lower case ({@code "high"}), the way {@code --fail-on} takes them.
 */
public final class MatchReportJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MatchReportJson() {}

  /** Adds {@code database}, {@code vulnerabilitySummary}, {@code vulnerabilities} and {@code undetermined}. */
  public static void addTo(ObjectNode root, MatchReport report) {
    root.set("database", database(report.database(), null));
    root.set("vulnerabilitySummary", summary(report));
    ArrayNode vulns = root.putArray("vulnerabilities");
    for (VulnerabilityMatch m : report.matches()) {
      vulns.add(match(m));
    }
    ArrayNode undetermined = root.putArray("undetermined");
    for (UndeterminedPackage u : report.undetermined()) {
      undetermined.add(undetermined(u));
    }
  }

  /**
   * Adds the sections for a scan that could not match: the database status with {@code warning} (the sentence saying
   * why nothing was matched), and {@code vulnerabilities}/{@code undetermined} as {@code null}.
   */
  public static void addNotMatched(ObjectNode root, DatabaseStatus status, String warning) {
    root.set("database", database(status, warning));
    root.putNull("vulnerabilitySummary");
    root.putNull("vulnerabilities");
    root.putNull("undetermined");
  }

  /** The database status; {@code warning} (may be null) replaces the status's own warning. */
  public static ObjectNode database(DatabaseStatus s, String warning) {
    ObjectNode n = NODES.objectNode();
    n.put("location", String.valueOf(s.location()));
    n.put("freshness", s.freshness().name().toLowerCase(Locale.ROOT));
    if (s.builtAt() != null) {
      n.put("buildId", s.buildId());
      n.put("builtAt", s.builtAt().toString());
      n.put("lastUpdated", s.lastUpdated().toString());
      n.put("age", s.age().toString());
      n.put("ageSeconds", s.age().toSeconds());
    }
    n.put("maxAge", String.valueOf(s.maxAge()));
    String text = warning != null ? warning : s.warning().orElse(null);
    if (text == null) {
      n.putNull("warning");
    } else {
      n.put("warning", text);
    }
    return n;
  }

  /** Counts per severity, known-exploited, without a fix, and undetermined packages. */
  public static ObjectNode summary(MatchReport r) {
    ObjectNode n = NODES.objectNode();
    n.put("packagesChecked", r.packagesChecked());
    n.put("total", r.matches().size());
    Map<Severity, Integer> per = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      per.put(s, 0);
    }
    int kev = 0;
    int noFix = 0;
    for (VulnerabilityMatch m : r.matches()) {
      per.merge(m.severity(), 1, Integer::sum);
      kev += m.knownExploited() ? 1 : 0;
      noFix += m.fixedVersions().isEmpty() ? 1 : 0;
    }
    ObjectNode bySeverity = n.putObject("bySeverity");
    per.forEach((s, c) -> bySeverity.put(s.name().toLowerCase(Locale.ROOT), c));
    n.put("knownExploited", kev);
    n.put("withoutFix", noFix);
    n.put("undeterminedPackages", r.undetermined().size());
    return n;
  }

  /** One match. */
  public static ObjectNode match(VulnerabilityMatch m) {
    ObjectNode n = NODES.objectNode();
    n.put("id", m.advisoryId());
    strings(n.putArray("aliases"), m.aliases());
    strings(n.putArray("related"), m.related());
    n.put("summary", m.summary());
    n.set("package", pkg(m.pkg()));
    n.put("matchedName", m.matchedName());
    n.put("installedVersion", m.installedVersion());
    strings(n.putArray("fixedVersions"), m.fixedVersions());
    n.put("fix", m.fixDescription());
    n.put("severity", m.severity().name().toLowerCase(Locale.ROOT));
    n.put("severitySource", m.severitySource());
    ArrayNode cvss = n.putArray("cvss");
    for (CvssScore c : m.cvss()) {
      ObjectNode x = cvss.addObject();
      x.put("version", c.version());
      x.put("vector", c.vector());
      x.put("baseScore", c.baseScore());
      x.put("source", c.source());
    }
    if (m.epss().isPresent()) {
      EpssScore e = m.epss().get();
      ObjectNode x = n.putObject("epss");
      x.put("cve", e.cve());
      x.put("probability", e.probability());
      x.put("percentile", e.percentile());
      x.put("date", e.scoreDate());
    } else {
      n.putNull("epss");
    }
    n.put("knownExploited", m.knownExploited());
    if (m.kev().isPresent()) {
      KevEntry k = m.kev().get();
      ObjectNode x = n.putObject("kev");
      x.put("cve", k.cve());
      x.put("dateAdded", k.dateAdded());
      x.put("dueDate", k.dueDate());
      x.put("knownRansomwareCampaignUse", k.knownRansomwareCampaignUse());
      x.put("name", k.vulnerabilityName());
      x.put("requiredAction", k.requiredAction());
    } else {
      n.putNull("kev");
    }
    n.put("published", m.published());
    n.put("modified", m.modified());
    ArrayNode refs = n.putArray("references");
    for (Reference r : m.references()) {
      ObjectNode x = refs.addObject();
      x.put("type", r.type());
      x.put("url", r.url());
    }
    return n;
  }

  /** One undetermined package: which advisories could not be decided, and why. */
  public static ObjectNode undetermined(UndeterminedPackage u) {
    ObjectNode n = NODES.objectNode();
    n.set("package", pkg(u.pkg()));
    strings(n.putArray("advisories"), u.advisoryIds());
    n.put("reason", u.notEvaluated().reason().label());
    n.put("detail", u.notEvaluated().detail());
    return n;
  }

  /** The identifying fields of a package (the full entry is in the report's {@code packages}). */
  public static ObjectNode pkg(InstalledPackage p) {
    ObjectNode n = NODES.objectNode();
    n.put("name", p.name());
    n.put("version", p.version());
    n.put("purl", p.purl());
    n.put("ecosystem", p.ecosystem().osvName());
    if (!p.sourceName().isEmpty()) {
      n.put("sourceName", p.sourceName());
      n.put("sourceVersion", p.sourceVersion());
    }
    strings(n.putArray("locations"), p.locations());
    n.put("layer", p.layerDigest());
    return n;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
