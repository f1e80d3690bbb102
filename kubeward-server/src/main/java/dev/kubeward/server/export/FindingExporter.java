package dev.kubeward.server.export;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.Finding;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.findings.FindingFilter;
import dev.kubeward.server.findings.FindingView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes findings as CSV, JSON or SARIF straight from a database cursor to an output stream: memory stays flat
 * whether a cluster has a hundred findings or ten million.
 */
@Component
public class FindingExporter {
  /** CSV columns, in order. */
  public static final List<String> CSV_HEADER = List.of("id", "cluster", "kind", "severity", "risk", "status", "title",
      "rule", "standard", "namespace", "resourceKind", "resourceName", "container", "image", "imageDigest", "package",
      "packageVersion", "fixedVersion", "owner", "dueDate", "overdue", "exception", "ticket", "source", "firstSeen",
      "lastSeen", "details");

  private final FindingDao findings;
  private final JsonMapper json;
  private final TransactionTemplate readOnly;
  private final List<SarifRuleCatalog> catalogs;

  public FindingExporter(FindingDao findings, JsonMapper json, PlatformTransactionManager transactions,
      List<SarifRuleCatalog> catalogs) {
    this.findings = findings;
    this.json = json;
    this.catalogs = catalogs;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /** Output formats. */
  public enum Format {
    CSV("text/csv; charset=utf-8", "csv"),
    JSON("application/json", "json"),
    SARIF("application/sarif+json", "sarif");

    public final String contentType;
    public final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }
  }

  /**
   * Writes every matching finding; returns how many. {@code clusterNames} maps ids to names for the CSV.
   */
  public long write(Format format, Collection<String> clusterIds, Map<String, String> clusterNames,
      FindingFilter filter, LocalDate today, OutputStream out) {
    Long n = readOnly.execute(status -> {
      try {
        return switch (format) {
          case CSV -> csv(clusterIds, clusterNames, filter, today, out);
          case JSON -> json(clusterIds, filter, today, out);
          case SARIF -> sarif(clusterIds, clusterNames, filter, today, out);
        };
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return n == null ? 0 : n;
  }

  private long csv(Collection<String> clusterIds, Map<String, String> names, FindingFilter filter, LocalDate today,
      OutputStream out) throws IOException {
    Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    // RFC 4180: CRLF line ends, fields quoted when they contain a comma, quote or line break.
    CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get());
    long[] n = {0};
    findings.stream(clusterIds, filter, today, f -> {
      try {
        for (String cell : row(f, names, today)) {
          csv.print(CsvCells.neutralize(cell));
        }
        csv.println();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      n[0]++;
    });
    csv.flush();
    return n[0];
  }

  static List<String> row(Finding f, Map<String, String> names, LocalDate today) {
    return List.of(String.valueOf(f.id()), names.getOrDefault(f.clusterId(), f.clusterId()), FindingEnums.kind(f.kind()),
        f.severity().label(), f.risk() == null ? "" : f.risk().label(), f.status().apiName(), f.title(), f.ruleId(),
        f.standardId(), f.namespace(), f.resourceKind(), f.resourceName(), f.container(), f.image(), f.imageDigest(),
        f.packageName(), f.packageVersion(), f.fixedVersion(), nz(f.owner()), f.dueDate() == null ? "" : f.dueDate().toString(),
        f.overdue(today) ? "yes" : "no", nz(f.exceptionId()), nz(f.ticketNumber()), f.source(), f.firstSeen().toString(),
        f.lastSeen().toString(), f.details());
  }

  private long json(Collection<String> clusterIds, FindingFilter filter, LocalDate today, OutputStream out) {
    long[] n = {0};
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartArray();
      findings.stream(clusterIds, filter, today, f -> {
        json.writeValue(g, FindingView.of(f, today, json));
        n[0]++;
      });
      g.writeEndArray();
    }
    return n[0];
  }

  /** SARIF 2.1.0 for misconfigurations: one rule per posture rule, one result per failing resource. */
  private long sarif(Collection<String> clusterIds, Map<String, String> names, FindingFilter filter, LocalDate today,
      OutputStream out) {
    FindingFilter misconfigurations = filter.withKind(FindingKind.MISCONFIGURATION);
    List<FindingDao.RuleSummary> rules = findings.rules(clusterIds, misconfigurations, today);
    Map<String, Integer> ruleIndex = new TreeMap<>();
    long[] n = {0};
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
      g.writeStringProperty("version", "2.1.0");
      g.writeArrayPropertyStart("runs");
      g.writeStartObject();
      g.writeObjectPropertyStart("tool");
      g.writeObjectPropertyStart("driver");
      g.writeStringProperty("name", "Kubeward");
      g.writeArrayPropertyStart("rules");
      for (FindingDao.RuleSummary r : rules) {
        ruleIndex.put(r.ruleId(), ruleIndex.size());
        g.writeStartObject();
        g.writeStringProperty("id", r.ruleId());
        SarifRuleCatalog.RuleDescription d = catalogs.stream().flatMap(c -> c.describe(r.ruleId()).stream())
            .findFirst().orElse(null);
        if (d != null) {
          g.writeStringProperty("name", d.name());
        }
        g.writeObjectPropertyStart("shortDescription");
        g.writeStringProperty("text", r.title());
        g.writeEndObject();
        if (d != null) {
          g.writeObjectPropertyStart("fullDescription");
          g.writeStringProperty("text", d.fullDescription());
          g.writeEndObject();
          g.writeObjectPropertyStart("help");
          g.writeStringProperty("text", d.help());
          g.writeEndObject();
          if (d.helpUri() != null) {
            g.writeStringProperty("helpUri", d.helpUri());
          }
        }
        g.writeObjectPropertyStart("defaultConfiguration");
        g.writeStringProperty("level", level(r.severity()));
        g.writeEndObject();
        g.writeObjectPropertyStart("properties");
        g.writeStringProperty("security-severity", securitySeverity(r.severity()));
        if (d != null) {
          g.writeArrayPropertyStart("tags");
          for (String t : d.tags()) {
            g.writeString(t);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayPropertyStart("results");
      findings.stream(clusterIds, misconfigurations, today, f -> {
        g.writeStartObject();
        g.writeStringProperty("ruleId", f.ruleId());
        Integer idx = ruleIndex.get(f.ruleId());
        if (idx != null) {
          g.writeNumberProperty("ruleIndex", idx);
        }
        g.writeStringProperty("level", level(f.severity()));
        g.writeObjectPropertyStart("message");
        g.writeStringProperty("text", f.title() + (f.details().isEmpty() ? "" : ": " + f.details()));
        g.writeEndObject();
        g.writeArrayPropertyStart("locations");
        g.writeStartObject();
        physicalLocation(g, f);
        g.writeArrayPropertyStart("logicalLocations");
        g.writeStartObject();
        g.writeStringProperty("fullyQualifiedName", names.getOrDefault(f.clusterId(), f.clusterId()) + "/"
            + f.resource() + (f.container().isEmpty() ? "" : "/" + f.container()));
        g.writeStringProperty("kind", "resource");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectPropertyStart("partialFingerprints");
        g.writeStringProperty("kubewardFindingKey/v1", f.key());
        g.writeEndObject();
        g.writeObjectPropertyStart("properties");
        g.writeNumberProperty("kubewardId", f.id());
        g.writeStringProperty("status", f.status().apiName());
        if (f.owner() != null) {
          g.writeStringProperty("owner", f.owner());
        }
        g.writeEndObject();
        g.writeEndObject();
        n[0]++;
      });
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    return n[0];
  }

  /** The manifest file and line of a finding read from files (its {@code location} attribute), if any. */
  private void physicalLocation(JsonGenerator g, Finding f) {
    if (f.attributesJson() == null || !f.attributesJson().contains("\"location\"")) {
      return;
    }
    tools.jackson.databind.JsonNode location = json.readTree(f.attributesJson()).path("location");
    String file = location.path("file").asString("");
    if (file.isEmpty()) {
      return;
    }
    g.writeObjectPropertyStart("physicalLocation");
    g.writeObjectPropertyStart("artifactLocation");
    g.writeStringProperty("uri", uri(file));
    g.writeEndObject();
    int line = location.path("line").asInt(0);
    if (line > 0) {
      g.writeObjectPropertyStart("region");
      g.writeNumberProperty("startLine", line);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static String uri(String file) {
    String path = file.replace('\\', '/');
    try {
      return new java.net.URI(null, null, path, null).toASCIIString();
    } catch (java.net.URISyntaxException e) {
      return path.replaceAll("[^A-Za-z0-9/._~-]", "_");
    }
  }

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      default -> "note";
    };
  }

  /** GitHub's code scanning reads this number (0-10) to rank results. */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      default -> "0.0";
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
