package dev.kubeward.advisories.internal.store;

import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.ImportIssue;
import dev.kubeward.advisories.KevEntry;
import dev.kubeward.advisories.Reference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of the records in the {@code meta}, {@code packages}, {@code advisories} and {@code cves} tables. A scan decodes
 * tens of thousands of them (a 4,000-package SBOM reads ~35,000 affected entries), and in a fresh JVM decoding them
 * as JSON cost seconds of interpreter and JIT time; this flat form — unsigned LEB128 lengths and counts, UTF-8
 * strings, event kinds as one byte — is a few straight loops that the JIT compiles at once, and a third of the size.
 *
 * <p>Every read is bounds-checked against the value; a malformed value throws {@link IllegalArgumentException}.
 */
public final class RecordCodec {
  private RecordCodec() {}

  private static final String[] EVENT_KINDS = {"introduced", "fixed", "last_affected", "limit"};
  private static final int OTHER_KIND = 0xff;
  private static final int HAS_KEV = 1;
  private static final int HAS_EPSS = 2;

  // ---- writing ----

  public static byte[] encodeAffected(List<StoredAffected> list) {
    Out out = new Out();
    out.count(list.size());
    for (StoredAffected a : list) {
      out.str(a.advisory());
      out.str(a.ecosystem());
      out.str(a.name());
      out.count(a.ranges().size());
      for (StoredRange r : a.ranges()) {
        out.str(r.type());
        out.bytes.write(r.sorted() ? 1 : 0);
        out.count(r.events().size());
        for (StoredRange.Event e : r.events()) {
          int code = kindCode(e.kind());
          out.bytes.write(code);
          if (code == OTHER_KIND) {
            out.str(e.kind());
          }
          out.str(e.version());
        }
      }
      out.strings(a.versions());
      out.severities(a.severity());
      out.str(a.invalid());
    }
    return out.bytes.toByteArray();
  }

  public static byte[] encodeAdvisory(StoredAdvisory a) {
    Out out = new Out();
    out.str(a.id());
    out.strings(a.aliases());
    out.strings(a.related());
    out.str(a.summary());
    out.str(a.published());
    out.str(a.modified());
    out.str(a.withdrawn());
    out.severities(a.severity());
    out.str(a.databaseSeverity());
    out.count(a.references().size());
    for (Reference r : a.references()) {
      out.str(r.type());
      out.str(r.url());
    }
    return out.bytes.toByteArray();
  }

  public static byte[] encodeCve(CveEnrichment c) {
    Out out = new Out();
    out.bytes.write((c.kev() != null ? HAS_KEV : 0) | (c.epss() != null ? HAS_EPSS : 0));
    if (c.kev() != null) {
      KevEntry k = c.kev();
      out.str(k.cve());
      out.str(k.dateAdded());
      out.str(k.dueDate());
      out.str(k.knownRansomwareCampaignUse());
      out.str(k.vulnerabilityName());
      out.str(k.requiredAction());
    }
    if (c.epss() != null) {
      EpssScore e = c.epss();
      out.str(e.cve());
      out.longBits(Double.doubleToLongBits(e.probability()));
      out.longBits(Double.doubleToLongBits(e.percentile()));
      out.str(e.scoreDate());
    }
    out.severities(c.nvdCvss());
    return out.bytes.toByteArray();
  }

  public static byte[] encodeMetadata(DatabaseMetadata m) {
    Out out = new Out();
    out.count(m.formatVersion());
    out.str(m.buildId());
    out.str(m.builtAt());
    out.count(m.sources().size());
    for (StoredSource s : m.sources()) {
      out.str(s.slot());
      out.str(s.sourceId());
      out.str(s.origin());
      out.str(s.cachedFile());
      out.str(s.sha256());
      out.longBits(s.size());
      out.str(s.etag());
      out.str(s.lastModified());
      out.str(s.retrievedAt());
      out.count(s.records());
      out.count(s.issues());
    }
    out.count(m.advisoriesByEcosystem().size());
    m.advisoriesByEcosystem().forEach((e, n) -> {
      out.str(e);
      out.count(n);
    });
    for (int n : new int[] {m.advisories(), m.withdrawn(), m.kevEntries(), m.epssScores(), m.nvdCves(),
        m.issueCount()}) {
      out.count(n);
    }
    out.count(m.issues().size());
    for (ImportIssue i : m.issues()) {
      out.str(i.source());
      out.str(i.recordId());
      out.str(i.problem());
    }
    return out.bytes.toByteArray();
  }

  private static int kindCode(String kind) {
    for (int i = 0; i < EVENT_KINDS.length; i++) {
      if (EVENT_KINDS[i].equals(kind)) {
        return i;
      }
    }
    return OTHER_KIND;
  }

  private static final class Out {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    void count(int n) {
      int v = n;
      while ((v & ~0x7f) != 0) {
        bytes.write((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      bytes.write(v);
    }

    void str(String s) {
      byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
      count(b.length);
      bytes.write(b, 0, b.length);
    }

    void strings(List<String> list) {
      count(list.size());
      list.forEach(this::str);
    }

    void severities(List<StoredSeverity> list) {
      count(list.size());
      for (StoredSeverity s : list) {
        str(s.type());
        str(s.score());
        longBits(Double.doubleToLongBits(s.baseScore()));
      }
    }

    void longBits(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes.write((int) (v >>> shift) & 0xff);
      }
    }
  }

  // ---- reading ----

  public static List<StoredAffected> decodeAffected(byte[] value) {
    In in = new In(value);
    int n = in.count();
    List<StoredAffected> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String advisory = in.str();
      String ecosystem = in.str();
      String name = in.str();
      int nRanges = in.count();
      List<StoredRange> ranges = new ArrayList<>(nRanges);
      for (int r = 0; r < nRanges; r++) {
        String type = in.str();
        boolean sorted = in.u8() != 0;
        int nEvents = in.count();
        List<StoredRange.Event> events = new ArrayList<>(nEvents);
        for (int e = 0; e < nEvents; e++) {
          int code = in.u8();
          String kind = code == OTHER_KIND ? in.str() : kindName(code);
          events.add(new StoredRange.Event(kind, in.str()));
        }
        ranges.add(new StoredRange(type, events, sorted));
      }
      out.add(new StoredAffected(advisory, ecosystem, name, ranges, in.encodedStrings(), in.severities(), in.str()));
    }
    in.end();
    return out;
  }

  public static StoredAdvisory decodeAdvisory(byte[] value) {
    In in = new In(value);
    String id = in.str();
    List<String> aliases = in.strings();
    List<String> related = in.strings();
    String summary = in.str();
    String published = in.str();
    String modified = in.str();
    String withdrawn = in.str();
    List<StoredSeverity> severity = in.severities();
    String databaseSeverity = in.str();
    int n = in.count();
    List<Reference> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(new Reference(in.str(), in.str()));
    }
    in.end();
    return new StoredAdvisory(id, aliases, related, summary, published, modified, withdrawn, severity,
        databaseSeverity, refs);
  }

  public static CveEnrichment decodeCve(byte[] value) {
    In in = new In(value);
    int flags = in.u8();
    KevEntry kev = (flags & HAS_KEV) == 0 ? null
        : new KevEntry(in.str(), in.str(), in.str(), in.str(), in.str(), in.str());
    EpssScore epss = (flags & HAS_EPSS) == 0 ? null
        : new EpssScore(in.str(), Double.longBitsToDouble(in.longBits()), Double.longBitsToDouble(in.longBits()),
            in.str());
    List<StoredSeverity> nvd = in.severities();
    in.end();
    return new CveEnrichment(kev, epss, nvd);
  }

  public static DatabaseMetadata decodeMetadata(byte[] value) {
    In in = new In(value);
    int formatVersion = in.number();
    String buildId = in.str();
    String builtAt = in.str();
    int n = in.count();
    List<StoredSource> sources = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sources.add(new StoredSource(in.str(), in.str(), in.str(), in.str(), in.str(), in.longBits(), in.str(), in.str(),
          in.str(), in.number(), in.number()));
    }
    n = in.count();
    Map<String, Integer> perEcosystem = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      perEcosystem.put(in.str(), in.number());
    }
    int advisories = in.number();
    int withdrawn = in.number();
    int kev = in.number();
    int epss = in.number();
    int nvd = in.number();
    int issueCount = in.number();
    n = in.count();
    List<ImportIssue> issues = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      issues.add(new ImportIssue(in.str(), in.str(), in.str()));
    }
    in.end();
    return new DatabaseMetadata(formatVersion, buildId, builtAt, sources, perEcosystem, advisories, withdrawn, kev,
        epss, nvd, issueCount, issues);
  }

  private static String kindName(int code) {
    if (code >= EVENT_KINDS.length) {
      throw new IllegalArgumentException("unknown range event code " + code);
    }
    return EVENT_KINDS[code];
  }

  private static final class In {
    private final byte[] b;
    private int pos;

    In(byte[] b) {
      this.b = b;
    }

    int u8() {
      if (pos >= b.length) {
        throw new IllegalArgumentException("record ends early");
      }
      return b[pos++] & 0xff;
    }

    /** A plain non-negative number (a record count, a version), not the length of something that follows. */
    int number() {
      int v = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        int x = u8();
        v |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          if (v < 0) {
            throw new IllegalArgumentException("negative number");
          }
          return v;
        }
      }
      throw new IllegalArgumentException("malformed number");
    }

    /** The length of a list or string that follows. */
    int count() {
      int v = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        int x = u8();
        v |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          // Every counted element takes at least one byte, so no count can exceed what is left.
          if (v < 0 || v > b.length - pos) {
            throw new IllegalArgumentException("count " + v + " exceeds the record");
          }
          return v;
        }
      }
      throw new IllegalArgumentException("malformed count");
    }

    String str() {
      int len = count();
      if (len > b.length - pos) {
        throw new IllegalArgumentException("string of " + len + " bytes exceeds the record");
      }
      String s = len == 0 ? "" : new String(b, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    List<String> strings() {
      int n = count();
      if (n == 0) {
        return List.of();
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(str());
      }
      return out;
    }

    /** Like {@link #strings} but left encoded: each string is checked and skipped, none is built. */
    List<String> encodedStrings() {
      int n = count();
      if (n == 0) {
        return List.of();
      }
      int from = pos;
      for (int i = 0; i < n; i++) {
        int len = count();
        if (len > b.length - pos) {
          throw new IllegalArgumentException("string of " + len + " bytes exceeds the record");
        }
        pos += len;
      }
      return new EncodedStrings(b, from, n);
    }

    List<StoredSeverity> severities() {
      int n = count();
      if (n == 0) {
        return List.of();
      }
      List<StoredSeverity> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new StoredSeverity(str(), str(), Double.longBitsToDouble(longBits())));
      }
      return out;
    }

    long longBits() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | u8();
      }
      return v;
    }

    void end() {
      if (pos != b.length) {
        throw new IllegalArgumentException((b.length - pos) + " unexpected bytes after the record");
      }
    }
  }
}
