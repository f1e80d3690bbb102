package dev.kubeward.advisories.internal.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads over a {@link KwdbFile}. Thread-safe. */
public final class AdvisoryStore {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final KwdbFile file;
  private final DatabaseMetadata metadata;
  private final KwdbFile.Table packages;
  private final KwdbFile.Table advisories;
  private final KwdbFile.Table cves;

  private AdvisoryStore(KwdbFile file, DatabaseMetadata metadata) {
    this.file = file;
    this.metadata = metadata;
    this.packages = file.table(KwdbFormat.PACKAGES);
    this.advisories = file.table(KwdbFormat.ADVISORIES);
    this.cves = file.table(KwdbFormat.CVES);
  }

  public static AdvisoryStore open(Path path) throws IOException {
    KwdbFile f = KwdbFile.open(path);
    return new AdvisoryStore(f, metadata(f));
  }

  /** The metadata of a database file of this or an older format version. */
  public static DatabaseMetadata readMetadata(Path path) throws IOException {
    return metadata(KwdbFile.openAnyVersion(path));
  }

  /** Format 1 kept the metadata as JSON; since format 2 it is a {@link RecordCodec} record like the rest. */
  private static DatabaseMetadata metadata(KwdbFile f) throws IOException {
    byte[] meta = f.table(KwdbFormat.META).get(key(KwdbFormat.META));
    if (meta == null) {
      throw new IOException(f.path() + " is corrupt (no metadata)");
    }
    if (f.formatVersion() == 1) {
      return MAPPER.readValue(meta, DatabaseMetadata.class);
    }
    try {
      return RecordCodec.decodeMetadata(meta);
    } catch (IllegalArgumentException e) {
      throw new IOException(f.path() + " is corrupt (metadata: " + e.getMessage() + ")", e);
    }
  }

  public DatabaseMetadata metadata() {
    return metadata;
  }

  public Path path() {
    return file.path();
  }

  /** Affected entries filed under a package key ({@link PackageKeys}). */
  public List<StoredAffected> affected(String packageKey) {
    byte[] v = packages.get(key(packageKey));
    return v == null ? List.of() : decode(v, RecordCodec::decodeAffected);
  }

  public Optional<StoredAdvisory> advisory(String id) {
    byte[] v = advisories.get(key(id));
    return v == null ? Optional.empty() : Optional.of(decode(v, RecordCodec::decodeAdvisory));
  }

  public Optional<CveEnrichment> cve(String id) {
    byte[] v = cves.get(key(id));
    return v == null ? Optional.empty() : Optional.of(decode(v, RecordCodec::decodeCve));
  }

  /**
   * A few package keys per ecosystem, spread over the index: {@code perEcosystem} of each ecosystem's keys, evenly
   * spaced, for warming up the matching code on the database's own data.
   */
  public List<String> samplePackageKeys(int perEcosystem) {
    Map<String, List<Integer>> byEcosystem = new LinkedHashMap<>();
    for (int i = 0; i < packages.size(); i++) {
      String key = new String(packages.key(i), StandardCharsets.UTF_8);
      int nul = key.indexOf('\u0000');
      byEcosystem.computeIfAbsent(nul < 0 ? key : key.substring(0, nul), e -> new ArrayList<>()).add(i);
    }
    List<String> out = new ArrayList<>();
    for (List<Integer> indexes : byEcosystem.values()) {
      int step = Math.max(1, indexes.size() / Math.max(1, perEcosystem));
      for (int j = 0; j < indexes.size() && j / step < perEcosystem; j += step) {
        out.add(new String(packages.key(indexes.get(j)), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Number of distinct package keys. */
  public int packageKeys() {
    return packages.size();
  }

  static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private <T> T decode(byte[] v, java.util.function.Function<byte[], T> codec) {
    try {
      return codec.apply(v);
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException(file.path() + " is corrupt: " + e.getMessage(), e));
    }
  }
}
