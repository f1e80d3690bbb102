package dev.kubeward.advisories;

import dev.kubeward.advisories.internal.match.SeverityResolver;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * Puts a {@link MatchReport} into a CycloneDX BOM, in CycloneDX's own {@code vulnerabilities} section: one entry per
 * advisory, with every CVSS vector as a rating (score computed, method CVSSv2/v3/v3.1/v4), aliases as references,
 * and an {@code affects} entry per scanned component holding its installed version (affected) and the fixed versions
 * (unaffected). What CycloneDX has no field for — the resolved severity and its source, EPSS, KEV — goes into
 * {@code kubeward:*} properties. The database's freshness goes into the metadata's properties, and undetermined
 * packages get a {@code kubeward:vulnerabilities:undetermined} property on their component.
 */
public final class MatchReportCycloneDx {
  private MatchReportCycloneDx() {}

  /**
   * Adds the matches of {@code report} to {@code bom}.
   *
   * @param refOf the bom-ref of the component that stands for a scanned package; matches of packages without one are
   *     left out (a BOM written from the same scan has one for each)
   */
  public static void addTo(Bom bom, MatchReport report, Function<InstalledPackage, Optional<String>> refOf) {
    addDatabase(bom, report.database(), null);
    Map<String, Vulnerability> byId = new LinkedHashMap<>();
    for (VulnerabilityMatch m : report.matches()) {
      Optional<String> ref = refOf.apply(m.pkg());
      if (ref.isEmpty()) {
        continue;
      }
      Vulnerability v = byId.computeIfAbsent(m.advisoryId(), id -> vulnerability(m, byId.size()));
      Vulnerability.Affect affect = new Vulnerability.Affect();
      affect.setRef(ref.get());
      affect.addVersion(version(m.installedVersion(), Vulnerability.Version.Status.AFFECTED));
      for (String fixed : m.fixedVersions()) {
        affect.addVersion(version(fixed, Vulnerability.Version.Status.UNAFFECTED));
      }
      List<Vulnerability.Affect> affects = v.getAffects() == null ? new ArrayList<>() : v.getAffects();
      affects.add(affect);
      v.setAffects(affects);
    }
    bom.setVulnerabilities(new ArrayList<>(byId.values()));
    Map<String, Component> components = new HashMap<>();
    if (bom.getComponents() != null) {
      bom.getComponents().forEach(c -> components.put(c.getBomRef(), c));
    }
    for (UndeterminedPackage u : report.undetermined()) {
      refOf.apply(u.pkg()).map(components::get).ifPresent(c -> c.addProperty(
          property("kubeward:vulnerabilities:undetermined", u.notEvaluated().describe())));
    }
  }

  /**
   * Records in {@code bom} that nothing was matched: the database status and {@code warning}, the sentence saying why
   * (no {@code vulnerabilities} section at all, so the BOM does not claim the components are clean).
   */
  public static void addNotMatched(Bom bom, DatabaseStatus status, String warning) {
    addDatabase(bom, status, warning);
    bom.setVulnerabilities(null);
  }

  private static void addDatabase(Bom bom, DatabaseStatus s, String warningOverride) {
    Metadata meta = bom.getMetadata() == null ? new Metadata() : bom.getMetadata();
    meta.addProperty(property("kubeward:database:freshness", s.freshness().name().toLowerCase(java.util.Locale.ROOT)));
    if (s.builtAt() != null) {
      meta.addProperty(property("kubeward:database:buildId", s.buildId()));
      meta.addProperty(property("kubeward:database:lastUpdated", s.lastUpdated().toString()));
      meta.addProperty(property("kubeward:database:age", s.age().toString()));
    }
    String warning = warningOverride != null ? warningOverride : s.warning().orElse(null);
    if (warning != null) {
      meta.addProperty(property("kubeward:database:warning", warning));
    }
    bom.setMetadata(meta);
  }

  private static Vulnerability vulnerability(VulnerabilityMatch m, int index) {
    Vulnerability v = new Vulnerability();
    v.setBomRef("vuln-" + index + "-" + m.advisoryId());
    v.setId(m.advisoryId());
    v.setSource(source("OSV", null));
    for (String alias : m.aliases()) {
      Vulnerability.Reference r = new Vulnerability.Reference();
      r.setId(alias);
      r.setSource(aliasSource(alias));
      v.addReference(r);
    }
    for (CvssScore c : m.cvss()) {
      Vulnerability.Rating r = new Vulnerability.Rating();
      r.setSource(source(c.source().equals("nvd") ? "NVD" : "OSV", null));
      r.setScore(c.baseScore());
      r.setSeverity(severity(SeverityResolver.fromScore(c)));
      r.setMethod(switch (c.version()) {
        case "4.0" -> Vulnerability.Rating.Method.CVSSV4;
        case "3.1" -> Vulnerability.Rating.Method.CVSSV31;
        case "3.0" -> Vulnerability.Rating.Method.CVSSV3;
        default -> Vulnerability.Rating.Method.CVSSV2;
      });
      r.setVector(c.vector());
      v.addRating(r);
    }
    if (!m.severitySource().startsWith("cvss") && !m.severitySource().startsWith("nvd")) {
      // A publisher's own rating (GHSA, Red Hat, Ubuntu) is a rating too, just not a CVSS one.
      Vulnerability.Rating r = new Vulnerability.Rating();
      r.setSource(source("OSV", null));
      r.setSeverity(severity(m.severity()));
      r.setMethod(Vulnerability.Rating.Method.OTHER);
      r.setJustification(m.severitySource());
      v.addRating(r);
    }
    if (!m.summary().isEmpty()) {
      v.setDescription(m.summary());
    }
    v.setRecommendation(m.fixedVersions().isEmpty() ? "No fix yet."
        : "Upgrade to " + String.join(" or ", m.fixedVersions()) + ".");
    for (Reference ref : m.references()) {
      Vulnerability.Advisory a = new Vulnerability.Advisory();
      a.setTitle(ref.type());
      a.setUrl(ref.url());
      v.addAdvisory(a);
    }
    date(m.published()).ifPresent(v::setPublished);
    date(m.modified()).ifPresent(v::setUpdated);
    List<Property> props = new ArrayList<>();
    props.add(property("kubeward:severity", m.severity().name().toLowerCase(java.util.Locale.ROOT)));
    props.add(property("kubeward:severitySource", m.severitySource()));
    m.epss().ifPresent(e -> {
      props.add(property("kubeward:epss:probability", String.valueOf(e.probability())));
      props.add(property("kubeward:epss:percentile", String.valueOf(e.percentile())));
    });
    props.add(property("kubeward:knownExploited", String.valueOf(m.knownExploited())));
    m.kev().ifPresent(k -> props.add(property("kubeward:kev:dateAdded", k.dateAdded())));
    v.setProperties(props);
    return v;
  }

  private static Vulnerability.Version version(String version, Vulnerability.Version.Status status) {
    Vulnerability.Version v = new Vulnerability.Version();
    v.setVersion(version);
    v.setStatus(status);
    return v;
  }

  private static Vulnerability.Source aliasSource(String alias) {
    if (alias.startsWith("CVE-")) {
      return source("NVD", "https://nvd.nist.gov/vuln/detail/" + alias);
    }
    if (alias.startsWith("GHSA-")) {
      return source("GitHub", "https://github.com/advisories/" + alias);
    }
    return source("OSV", null);
  }

  private static Vulnerability.Source source(String name, String url) {
    Vulnerability.Source s = new Vulnerability.Source();
    s.setName(name);
    s.setUrl(url);
    return s;
  }

  private static Vulnerability.Rating.Severity severity(Severity s) {
    return switch (s) {
      case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
      case HIGH -> Vulnerability.Rating.Severity.HIGH;
      case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
      case LOW -> Vulnerability.Rating.Severity.LOW;
      case INFORMATIONAL -> Vulnerability.Rating.Severity.INFO;
      case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
    };
  }

  /** OSV dates are RFC 3339; anything else is left out rather than guessed. */
  private static Optional<Date> date(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Date.from(Instant.parse(text)));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Date.from(OffsetDateTime.parse(text).toInstant()));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static Property property(String name, String value) {
    Property p = new Property();
    p.setName(name);
    p.setValue(value);
    return p;
  }
}
