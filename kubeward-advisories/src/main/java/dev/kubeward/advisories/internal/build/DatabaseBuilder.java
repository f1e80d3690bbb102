package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.AdvisorySink;
import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.ImportIssue;
import dev.kubeward.advisories.KevEntry;
import dev.kubeward.advisories.internal.osv.OsvRecordParser;
import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.CveEnrichment;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.KwdbFormat;
import dev.kubeward.advisories.internal.store.KwdbWriter;
import dev.kubeward.advisories.internal.store.PackageKeys;
import dev.kubeward.advisories.internal.store.RecordCodec;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.advisories.internal.store.StoredSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Collects what the sources read and writes a database file. Records with the same id (the same advisory in two
 * files) keep the most recently modified version. Not thread-safe: sources are read one after another.
 */
public final class DatabaseBuilder implements AdvisorySink {
  static final int KEPT_ISSUES = 1000;

  private final OsvRecordParser parser = new OsvRecordParser(AdvisoryStore.MAPPER);
  private final Map<String, OsvRecordParser.Parsed> advisories = new HashMap<>();
  private final Map<String, KevEntry> kev = new HashMap<>();
  private final Map<String, EpssScore> epss = new HashMap<>();
  private final Map<String, Map<String, String>> nvd = new HashMap<>();
  private final List<ImportIssue> issues = new ArrayList<>();
  private int issueCount;
  private String source = "";
  private int sourceRecords;
  private int sourceIssues;

  /** Starts counting for one input. */
  public void startSource(String label) {
    source = label;
    sourceRecords = 0;
    sourceIssues = 0;
  }

  /** Records and issues counted since {@link #startSource}. */
  public int[] sourceCounts() {
    return new int[] {sourceRecords, sourceIssues};
  }

  @Override
  public void osvRecord(String entryName, byte[] json) {
    OsvRecordParser.Parsed parsed;
    try {
      parsed = parser.parse(json);
    } catch (IOException e) {
      issue(entryName, e.getMessage());
      return;
    }
    sourceRecords++;
    String id = parsed.advisory().id();
    if (!parsed.problems().isEmpty()) {
      issue(id, String.join("; ", parsed.problems()));
    }
    OsvRecordParser.Parsed previous = advisories.get(id);
    if (previous == null || previous.advisory().modified().compareTo(parsed.advisory().modified()) <= 0) {
      advisories.put(id, parsed);
    }
  }

  @Override
  public void kev(KevEntry entry) {
    sourceRecords++;
    kev.put(entry.cve(), entry);
  }

  @Override
  public void epss(EpssScore score) {
    sourceRecords++;
    epss.put(score.cve(), score);
  }

  @Override
  public void nvdCvss(String cve, String version, String vector) {
    Map<String, String> byVersion = nvd.computeIfAbsent(cve, k -> {
      sourceRecords++;
      return new TreeMap<>();
    });
    byVersion.put(version, vector);
  }

  @Override
  public void issue(String recordId, String problem) {
    issueCount++;
    sourceIssues++;
    if (issues.size() < KEPT_ISSUES) {
      issues.add(new ImportIssue(source, recordId, problem));
    }
  }

  public int issueCount() {
    return issueCount;
  }

  public List<ImportIssue> issues() {
    return List.copyOf(issues);
  }

  /** Writes the database file and returns its metadata. */
  public DatabaseMetadata write(Path file, List<StoredSource> sources, Instant builtAt) throws IOException {
    Map<String, List<StoredAffected>> byKey = new HashMap<>();
    Map<String, byte[]> advisoryTable = new HashMap<>();
    Map<String, Integer> perEcosystem = new TreeMap<>();
    int withdrawn = 0;
    for (OsvRecordParser.Parsed p : advisories.values()) {
      advisoryTable.put(p.advisory().id(), RecordCodec.encodeAdvisory(p.advisory()));
      Set<String> ecosystems = new TreeSet<>();
      for (StoredAffected a : p.affected()) {
        ecosystems.add(a.ecosystem().contains(":") ? a.ecosystem().substring(0, a.ecosystem().indexOf(':'))
            : a.ecosystem());
      }
      for (String e : ecosystems) {
        perEcosystem.merge(e, 1, Integer::sum);
      }
      if (!p.advisory().withdrawn().isEmpty()) {
        withdrawn++;
        continue; // kept for lookups by id, never matched
      }
      for (StoredAffected a : p.affected()) {
        byKey.computeIfAbsent(PackageKeys.key(a.ecosystem(), a.name()), k -> new ArrayList<>()).add(a);
      }
    }
    Map<String, byte[]> packageTable = new HashMap<>(byKey.size() * 2);
    for (Map.Entry<String, List<StoredAffected>> e : byKey.entrySet()) {
      packageTable.put(e.getKey(), RecordCodec.encodeAffected(e.getValue()));
    }
    Set<String> cveIds = new HashSet<>(kev.keySet());
    cveIds.addAll(epss.keySet());
    cveIds.addAll(nvd.keySet());
    Map<String, byte[]> cveTable = new HashMap<>(cveIds.size() * 2);
    for (String cve : cveIds) {
      List<StoredSeverity> vectors = new ArrayList<>();
      nvd.getOrDefault(cve, Map.of()).forEach((version, vector) -> vectors.add(new StoredSeverity(version, vector)));
      cveTable.put(cve, RecordCodec.encodeCve(new CveEnrichment(kev.get(cve), epss.get(cve), vectors)));
    }
    DatabaseMetadata meta = new DatabaseMetadata(KwdbFormat.VERSION, UUID.randomUUID().toString(), builtAt.toString(),
        sources, new LinkedHashMap<>(perEcosystem), advisories.size(), withdrawn, kev.size(), epss.size(), nvd.size(),
        issueCount, List.copyOf(issues));
    KwdbWriter writer = new KwdbWriter();
    writer.table(KwdbFormat.META, Map.of(KwdbFormat.META, RecordCodec.encodeMetadata(meta)));
    writer.table(KwdbFormat.PACKAGES, packageTable);
    writer.table(KwdbFormat.ADVISORIES, advisoryTable);
    writer.table(KwdbFormat.CVES, cveTable);
    writer.write(file);
    return meta;
  }
}
