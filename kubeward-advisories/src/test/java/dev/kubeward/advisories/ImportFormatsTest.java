package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input format, and what happens with malformed, truncated and hostile input. */
class ImportFormatsTest {
  @TempDir Path tmp;

  AdvisoryDatabaseUpdater updater(Path db) {
    return new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC());
  }

  Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  static String osv(String id, String ecosystem, String name, String events, String extra) {
    return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"summary\":\"s\","
        + extra + "\"affected\":[{\"package\":{\"ecosystem\":\"" + ecosystem + "\",\"name\":\"" + name + "\"},"
        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[" + events + "]}]}]}";
  }

  static InstalledPackage deb(String name, String version, Ecosystem e, String source) {
    return new InstalledPackage(name, version, e, "", source, "", List.of(), "", List.of());
  }

  @Test
  void ubuntuOsvFolderMatchesBinaryPackagesThroughTheirSourcePackage() throws IOException {
    Path ubuntu = SharedData.advisories().resolve("formats/vunnel/ubuntu");
    Path db = tmp.resolve("db");
    UpdateResult r = updater(db).importFiles(List.of(ubuntu.resolve("osv"), ubuntu.resolve("osv-esm-cases")));
    assertThat(r.status().advisoriesByEcosystem()).containsEntry("Ubuntu", 9);
    assertThat(r.status().withdrawn()).isEqualTo(3);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher m = new VulnerabilityMatcher(d);
      InstalledPackage client = deb("libwayland-client0", "1.20.0-1", Ecosystem.UBUNTU, "wayland");
      MatchReport jammy = m.match(List.of(client), Optional.of(new OsRelease(Ecosystem.UBUNTU, "22.04", "jammy", "")));
      assertThat(jammy.matches()).extracting(VulnerabilityMatch::advisoryId)
          .containsExactlyInAnyOrder("USN-5614-1", "UBUNTU-CVE-2021-3782");
      assertThat(jammy.matches()).allSatisfy(x -> {
        assertThat(x.matchedName()).isEqualTo("wayland");
        assertThat(x.fixedVersions()).containsExactly("1.20.0-1ubuntu0.1");
      });
      MatchReport fixed = m.match(List.of(deb("libwayland-client0", "1.20.0-1ubuntu0.1", Ecosystem.UBUNTU, "wayland")),
          Optional.of(new OsRelease(Ecosystem.UBUNTU, "22.04", "jammy", "")));
      assertThat(fixed.matches()).isEmpty();
      MatchReport focal = m.match(List.of(deb("libwayland-client0", "1.18.0-1", Ecosystem.UBUNTU, "wayland")),
          Optional.of(new OsRelease(Ecosystem.UBUNTU, "20.04", "focal", "")));
      assertThat(focal.matches()).allSatisfy(x -> assertThat(x.fixedVersions()).containsExactly("1.18.0-1ubuntu0.1"));
      // Ubuntu rates UBUNTU-CVE-2014-9913 "negligible" although its CVSS 3.0 vector scores 4.0 (medium).
      MatchReport unzip = m.match(List.of(deb("unzip", "6.0-20ubuntu1", Ecosystem.UBUNTU, "unzip")),
          Optional.of(new OsRelease(Ecosystem.UBUNTU, "16.04", "xenial", "")));
      VulnerabilityMatch u = unzip.matches().get(0);
      assertThat(u.severity()).isEqualTo(Severity.INFORMATIONAL);
      assertThat(u.severitySource()).isEqualTo("Ubuntu priority");
      assertThat(u.cvss()).singleElement().satisfies(c -> assertThat(c.baseScore()).isEqualTo(4.0));
    }
  }

  @Test
  void epssAndNvdEnrichMatchesByCve() throws IOException {
    Path vunnel = SharedData.advisories().resolve("formats/vunnel");
    Path rec = write("osv/EX-1.json", osv("EX-1", "npm", "left-pad", "{\"introduced\":\"0\"},{\"fixed\":\"2.0.0\"}",
        "\"aliases\":[\"CVE-1999-0002\",\"CVE-2022-1576\"],"));
    Path db = tmp.resolve("db");
    UpdateResult r = updater(db).importFiles(List.of(rec.getParent(), vunnel.resolve("epss/example-1.csv"),
        vunnel.resolve("nvd/single-entry.json")));
    assertThat(r.status().epssScores()).isEqualTo(5);
    assertThat(r.status().nvdCves()).isEqualTo(1);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      MatchReport m = new VulnerabilityMatcher(d).match(List.of(deb("left-pad", "1.0.0", Ecosystem.NPM, "")),
          Optional.empty());
      VulnerabilityMatch x = m.matches().get(0);
      assertThat(x.epss()).hasValueSatisfying(e -> {
        assertThat(e.cve()).isEqualTo("CVE-1999-0002");
        assertThat(e.probability()).isEqualTo(0.01328);
        assertThat(e.percentile()).isEqualTo(0.85996);
        assertThat(e.scoreDate()).isEqualTo("2025-02-20");
      });
      assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(x.severitySource()).isEqualTo("nvd cvss 3.1");
      assertThat(x.cvss()).extracting(CvssScore::vector, CvssScore::baseScore, CvssScore::source)
          .contains(org.assertj.core.groups.Tuple.tuple("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", 6.5, "nvd"));
    }
  }

  @Test
  void cvssV4VectorsAreScoredToo() throws IOException {
    Path rec = write("v4/EX-4.json", osv("EX-4", "npm", "a", "{\"introduced\":\"0\"}",
        "\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\"}],"));
    Path db = tmp.resolve("db");
    updater(db).importFiles(List.of(rec));
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatch x = new VulnerabilityMatcher(d).match(List.of(deb("a", "1.0.0", Ecosystem.NPM, "")),
          Optional.empty()).matches().get(0);
      assertThat(x.cvss()).singleElement().satisfies(c -> {
        assertThat(c.version()).isEqualTo("4.0");
        assertThat(c.baseScore()).isEqualTo(9.3);
      });
      assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(x.fixDescription()).isEqualTo("no fix yet");
    }
  }

  @Test
  void malformedOsvRecordsAreCountedByIdAndTheImportGoesOn() throws IOException {
    write("bad/good.json", osv("GOOD-1", "npm", "a", "{\"introduced\":\"0\"},{\"fixed\":\"1.0.0\"}", ""));
    write("bad/broken.json", "{\"id\": \"BROKEN-1\", \"affected\": [");
    write("bad/noid.json", "{\"modified\":\"x\",\"affected\":[]}");
    write("bad/range.json", osv("RANGE-1", "npm", "b", "{\"introduced\":\"0\"}", "").replace("ECOSYSTEM", "DATE"));
    write("bad/version.json", osv("VERSION-1", "npm", "c", "{\"introduced\":\"0\"},{\"fixed\":\"one.two\"}", ""));
    write("bad/deep.json", "{\"id\":\"DEEP-1\",\"modified\":\"x\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    Path db = tmp.resolve("db");
    UpdateResult r = updater(db).importFiles(List.of(tmp.resolve("bad")));
    assertThat(r.issueCount()).isEqualTo(5);
    assertThat(r.issues()).extracting(ImportIssue::recordId)
        .containsExactlyInAnyOrder("broken.json", "noid.json", "RANGE-1", "VERSION-1", "deep.json");
    assertThat(r.issues()).filteredOn(i -> i.recordId().equals("RANGE-1")).singleElement()
        .satisfies(i -> assertThat(i.problem()).contains("unknown range type 'DATE'"));
    assertThat(r.issues()).filteredOn(i -> i.recordId().equals("VERSION-1")).singleElement()
        .satisfies(i -> assertThat(i.problem()).contains("invalid version 'one.two'"));
    assertThat(r.status().advisories()).isEqualTo(3);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      MatchReport m = new VulnerabilityMatcher(d).match(List.of(deb("a", "0.5.0", Ecosystem.NPM, ""),
          deb("b", "1.0.0", Ecosystem.NPM, ""), deb("c", "1.0.0", Ecosystem.NPM, "")), Optional.empty());
      assertThat(m.matches()).extracting(VulnerabilityMatch::advisoryId).containsExactly("GOOD-1");
      assertThat(m.undetermined()).extracting(u -> u.pkg().name() + " " + u.advisoryIds())
          .containsExactlyInAnyOrder("b [RANGE-1]", "c [VERSION-1]");
    }
  }

  @Test
  void aZipBombEntryIsSkippedWithoutExhaustingMemory() throws IOException {
    Path zip = tmp.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("BOMB-1.json"));
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 40; i++) {
        z.write(spaces);
      }
      z.closeEntry();
      z.putNextEntry(new ZipEntry("OK-1.json"));
      z.write(osv("OK-1", "npm", "a", "{\"introduced\":\"0\"}", "").getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    assertThat(Files.size(zip)).isLessThan(1 << 20);
    UpdateResult r = updater(tmp.resolve("db")).importFiles(List.of(zip));
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.recordId()).isEqualTo("BOMB-1.json");
      assertThat(i.problem()).contains("larger than 32 MiB");
    });
    assertThat(r.status().advisories()).isEqualTo(1);
  }

  @Test
  void aTruncatedOrCorruptFileFailsTheImportAndKeepsThePreviousDatabase() throws IOException {
    Path db = tmp.resolve("db");
    Path kev = SharedData.advisories().resolve("kev/known_exploited_vulnerabilities.json");
    String before = updater(db).importFiles(List.of(kev)).status().buildId();

    byte[] zip = Files.readAllBytes(SharedData.advisories().resolve("osv/Kubernetes.zip"));
    Path truncated = tmp.resolve("cut/Kubernetes.zip");
    Files.createDirectories(truncated.getParent());
    Files.write(truncated, java.util.Arrays.copyOf(zip, zip.length / 2));
    assertThatThrownBy(() -> updater(db).importFiles(List.of(truncated)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining(truncated.toString())
        .hasMessageContaining("previous database is unchanged");

    byte[] flipped = zip.clone();
    flipped[200] ^= 0x5a; // inside the first entry's compressed data
    Path corrupt = tmp.resolve("corrupt/Kubernetes.zip");
    Files.createDirectories(corrupt.getParent());
    Files.write(corrupt, flipped);
    assertThatThrownBy(() -> updater(db).importFiles(List.of(corrupt)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("corrupt");

    Path badEpss = SharedData.advisories().resolve("formats/vunnel/epss/invalid-header.csv");
    Path renamed = Files.copy(badEpss, tmp.resolve("scores.csv"));
    Files.writeString(renamed, "#model_version:v2023.03.01,score_date:2024-02-20T00:00:00+0000\n" + Files.readString(badEpss).lines().skip(1).reduce("", (a, b) -> a + b + "\n"));
    assertThatThrownBy(() -> updater(db).importFiles(List.of(renamed)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("unexpected EPSS header");

    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      assertThat(d.buildId()).isEqualTo(before);
      assertThat(d.status(Duration.ofDays(7), Clock.systemUTC()).kevEntries()).isEqualTo(1404);
    }
    try (var files = Files.list(db)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
    }
  }

  @Test
  void epssWithoutAScoreDateIsStillRead() throws IOException {
    UpdateResult r = updater(tmp.resolve("db")).importFiles(List.of(
        SharedData.advisories().resolve("formats/vunnel/epss/missing-date.csv")));
    assertThat(r.status().epssScores()).isEqualTo(5);
  }

  @Test
  void nvdApiPagesAreRead() throws IOException {
    UpdateResult r = updater(tmp.resolve("db")).importFiles(List.of(
        SharedData.advisories().resolve("formats/vunnel/nvd/full-page.json")));
    assertThat(r.status().nvdCves()).isEqualTo(35);
    assertThat(r.status().sources()).singleElement().satisfies(s -> assertThat(s.sourceId()).isEqualTo("nvd"));
  }

  @Test
  void anUnknownFileIsRefusedWithItsName() throws IOException {
    Path notes = write("notes.txt", "hello");
    assertThatThrownBy(() -> updater(tmp.resolve("db")).importFiles(List.of(notes)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("notes.txt")
        .hasMessageContaining("not a known advisory file");
    assertThatThrownBy(() -> AdvisoryDatabase.open(tmp.resolve("db")))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("kubeward db update");
  }

  @Test
  void stalenessFollowsTheConfiguredAge() throws IOException {
    Path db = tmp.resolve("db");
    Path rec = write("s/EX-1.json", osv("EX-1", "npm", "a", "{\"introduced\":\"0\"}", ""));
    Files.setLastModifiedTime(rec, java.nio.file.attribute.FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    updater(db).importFiles(List.of(rec));
    Clock later = Clock.fixed(Instant.parse("2024-01-05T00:00:00Z"), ZoneOffset.UTC);
    assertThat(AdvisoryDatabase.status(db, Duration.ofDays(7), later).freshness()).isEqualTo(Freshness.FRESH);
    DatabaseStatus stale = AdvisoryDatabase.status(db, Duration.ofDays(3), later);
    assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
    assertThat(stale.age()).isEqualTo(Duration.ofDays(4));
    assertThat(AdvisoryDatabase.status(tmp.resolve("none"), Duration.ofDays(3), later).freshness())
        .isEqualTo(Freshness.MISSING);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      MatchReport r = new VulnerabilityMatcher(d, Duration.ofDays(3), later).match(List.of(), Optional.empty());
      assertThat(r.database().stale()).isTrue();
    }
  }

}
