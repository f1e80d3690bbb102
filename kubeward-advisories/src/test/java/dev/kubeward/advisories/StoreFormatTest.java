package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.CveEnrichment;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.KwdbFile;
import dev.kubeward.advisories.internal.store.KwdbFormat;
import dev.kubeward.advisories.internal.store.KwdbWriter;
import dev.kubeward.advisories.internal.store.RecordCodec;
import dev.kubeward.advisories.internal.store.StoredAdvisory;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredRange;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.NotEvaluated;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored record encoding, older database formats, and what an ecosystem the database lacks means for a match. */
class StoreFormatTest {
  @TempDir Path tmp;

  static final StoredAffected AFFECTED = new StoredAffected("GHSA-xxxx-yyyy-zzzz", "Debian:12", "libxml2",
      List.of(new StoredRange("ECOSYSTEM", List.of(new StoredRange.Event("introduced", "0"),
              new StoredRange.Event("fixed", "2.9.14+dfsg-1.3~deb12u1"), new StoredRange.Event("limit", "*")), true),
          new StoredRange("SEMVER", List.of(new StoredRange.Event("last_affected", "1.0.0"),
              new StoredRange.Event("future_kind", "2.0")), false)),
      List.of("1.0", "1.1"), List.of(new StoredSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
      "");
  static final StoredAdvisory ADVISORY = new StoredAdvisory("GHSA-xxxx-yyyy-zzzz", List.of("CVE-2024-0001"),
      List.of(), "Überlauf im Parser — 日本語 " + "x".repeat(70_000), "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z",
      "", List.of(new StoredSeverity("Ubuntu", "medium")), "High",
      List.of(new Reference("ADVISORY", "https://example.org/a"), new Reference("WEB", "")));
  static final CveEnrichment CVE = new CveEnrichment(
      new KevEntry("CVE-2024-0001", "2024-03-01", "2024-03-22", "Unknown", "Example flaw", "Patch it."),
      new EpssScore("CVE-2024-0001", 0.12345, 0.98765, "2024-03-05"),
      List.of(new StoredSeverity("3.1", "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N")));

  @Test
  void recordsRoundTripExactly() {
    assertThat(RecordCodec.decodeAffected(RecordCodec.encodeAffected(List.of(AFFECTED, AFFECTED))))
        .containsExactly(AFFECTED, AFFECTED);
    assertThat(RecordCodec.decodeAdvisory(RecordCodec.encodeAdvisory(ADVISORY))).isEqualTo(ADVISORY);
    assertThat(RecordCodec.decodeCve(RecordCodec.encodeCve(CVE))).isEqualTo(CVE);
    CveEnrichment bare = new CveEnrichment(null, null, List.of());
    assertThat(RecordCodec.decodeCve(RecordCodec.encodeCve(bare))).isEqualTo(bare);
  }

  @Test
  void explicitVersionListsStayEncodedYetBehaveAsLists() {
    List<String> versions = List.of("1.0", "1.0.post1", "2.0rc1", "ünï-1", "x".repeat(300));
    StoredAffected a = new StoredAffected("PYSEC-1", "PyPI", "demo", List.of(), versions, List.of(), "");
    List<String> decoded = RecordCodec.decodeAffected(RecordCodec.encodeAffected(List.of(a))).get(0).versions();
    assertThat(decoded).isEqualTo(versions).hasSize(5);
    assertThat(decoded.contains("2.0rc1")).isTrue();
    assertThat(decoded.contains("ünï-1")).isTrue();
    assertThat(decoded.contains("x".repeat(300))).isTrue();
    assertThat(decoded.contains("2.0")).isFalse();
    assertThat(decoded.contains(null)).isFalse();
    assertThat(decoded.get(3)).isEqualTo("ünï-1");
    assertThatThrownBy(() -> decoded.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void metadataRoundTrips() throws IOException {
    Path db = tmp.resolve("db");
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC())
        .importFiles(List.of(SharedData.advisories().resolve("osv/Kubernetes.zip")));
    DatabaseMetadata meta = AdvisoryStore.readMetadata(db.resolve("advisories.kwdb"));
    assertThat(meta.sources()).hasSize(1);
    assertThat(RecordCodec.decodeMetadata(RecordCodec.encodeMetadata(meta))).isEqualTo(meta);
    DatabaseMetadata withIssues = new DatabaseMetadata(2, "id", "2026-01-01T00:00:00Z", meta.sources(),
        java.util.Map.of("Go", 3), 3, 1, 2, 0, 0, 1, List.of(new ImportIssue("a.zip", "GO-1", "bad range")));
    assertThat(RecordCodec.decodeMetadata(RecordCodec.encodeMetadata(withIssues))).isEqualTo(withIssues);
  }

  @Test
  void storedCvssScoresAreComputedAtImportFromTheVector() {
    assertThat(new StoredSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").baseScore()).isEqualTo(9.8);
    assertThat(new StoredSeverity("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
        .baseScore()).isEqualTo(9.3);
    assertThat(new StoredSeverity("3.1", "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N").baseScore()).isEqualTo(4.0);
    assertThat(new StoredSeverity("CVSS_V3", "CVSS:3.1/AV:X/garbage").scored()).isFalse();
    assertThat(new StoredSeverity("Ubuntu", "medium").scored()).isFalse();
  }

  @Test
  void truncatedAndGarbledRecordsFailWithAClearErrorNeverAnotherException() {
    byte[] good = RecordCodec.encodeAffected(List.of(AFFECTED));
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> RecordCodec.decodeAffected(cut)).isInstanceOf(IllegalArgumentException.class);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> RecordCodec.decodeAffected(longer)).hasMessageContaining("unexpected bytes");
    // A count claiming two billion entries is refused before anything is allocated.
    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0};
    assertThatThrownBy(() -> RecordCodec.decodeAffected(huge)).hasMessageContaining("exceeds the record");
    Random r = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      byte[] noise = new byte[r.nextInt(64)];
      r.nextBytes(noise);
      for (var decoder : List.<java.util.function.Consumer<byte[]>>of(RecordCodec::decodeAffected,
          RecordCodec::decodeAdvisory, RecordCodec::decodeCve, RecordCodec::decodeMetadata)) {
        try {
          decoder.accept(noise);
        } catch (IllegalArgumentException expected) {
          // the only acceptable failure
        }
      }
    }
  }

  @Test
  void aDatabaseOfAnOlderFormatIsRefusedByNameAndAnImportStillKnowsItsSources() throws IOException {
    Path k8s = SharedData.advisories().resolve("osv/Kubernetes.zip");
    Path db = tmp.resolve("db");
    AdvisoryDatabaseUpdater updater = new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC());
    updater.importFiles(List.of(k8s));
    // Rewrite it the way format 1 stored it: the same sections, metadata as JSON, version 1 in the header.
    Path file = db.resolve("advisories.kwdb");
    DatabaseMetadata meta = AdvisoryStore.readMetadata(file);
    KwdbWriter w = new KwdbWriter();
    w.table(KwdbFormat.META, java.util.Map.of(KwdbFormat.META, AdvisoryStore.MAPPER.writeValueAsBytes(meta)));
    w.table(KwdbFormat.PACKAGES, java.util.Map.of());
    w.write(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(8); // after the magic: the format version
      raf.writeInt(1);
    }
    assertThatThrownBy(() -> AdvisoryDatabase.open(db)).isInstanceOf(AdvisoryDatabaseException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("format 1").hasMessageContaining("kubeward db update");
    assertThat(AdvisoryDatabase.exists(db)).isTrue();

    UpdateResult r = updater.importFiles(List.of(SharedData.advisories().resolve("kev/known_exploited_vulnerabilities.json")));
    assertThat(r.status().sources()).extracting(SourceStatus::slot)
        .containsExactlyInAnyOrder("import/Kubernetes.zip", "import/known_exploited_vulnerabilities.json");
    assertThat(r.status().advisories()).isEqualTo(47);
  }

  @Test
  void packagesOfAnEcosystemTheDatabaseLacksAreUndeterminedNotClean() throws IOException {
    Path db = tmp.resolve("db");
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC())
        .importFiles(List.of(SharedData.advisories().resolve("osv/Kubernetes.zip")));
    InstalledPackage kubelet = SmallDatabase.pkg("k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES, "");
    InstalledPackage musl = SmallDatabase.pkg("musl", "1.1.22-r3", Ecosystem.ALPINE, "pkg:apk/alpine/musl@1.1.22-r3");
    InstalledPackage rocky = SmallDatabase.pkg("bash", "5.1.8-9.el9", Ecosystem.ROCKY_LINUX, "");
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      MatchReport r = new VulnerabilityMatcher(d).match(List.of(kubelet, musl, rocky), Optional.empty());
      assertThat(r.matches()).isNotEmpty().allSatisfy(m -> assertThat(m.pkg()).isEqualTo(kubelet));
      assertThat(r.undetermined()).extracting(UndeterminedPackage::pkg).containsExactly(musl, rocky);
      assertThat(r.undetermined()).allSatisfy(u ->
          assertThat(u.notEvaluated().reason()).isEqualTo(NotEvaluated.Reason.DATA_MISSING));
      assertThat(r.undetermined().get(0).notEvaluated().detail())
          .isEqualTo("the database holds no Alpine advisories; add them with 'kubeward db update --ecosystem Alpine'");
      assertThat(r.undetermined().get(1).notEvaluated().detail()).contains("--ecosystem \"Rocky Linux\"");
    }
  }

  @Test
  void aCorruptValueIsReportedWithTheFileNotSwallowed() throws IOException {
    Path db = tmp.resolve("db");
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC())
        .importFiles(List.of(SharedData.advisories().resolve("osv/Kubernetes.zip")));
    Path file = db.resolve("advisories.kwdb");
    byte[] value = KwdbFile.open(file).table(KwdbFormat.PACKAGES)
        .get("kubernetes\u0000k8s.io/kubelet".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, value);
    assertThat(at).isPositive();
    Arrays.fill(bytes, at, at + 5, (byte) 0xff); // the entry count becomes an endless varint
    Files.write(file, bytes);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher m = new VulnerabilityMatcher(d);
      InstalledPackage kubelet = SmallDatabase.pkg("k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES, "");
      assertThatThrownBy(() -> m.match(List.of(kubelet), Optional.empty()))
          .hasMessageContaining(file.toString()).hasMessageContaining("corrupt");
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
