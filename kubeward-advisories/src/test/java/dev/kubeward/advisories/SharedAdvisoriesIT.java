package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.OsRelease;
import dev.kubeward.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports all of the shared advisory data once and matches real package sets against it. The expected results were
 * worked out from the OSV records by hand and with an independent script, and are written down here.
 */
class SharedAdvisoriesIT {
  static Path dir;
  static UpdateResult imported;
  static AdvisoryDatabase db;
  static VulnerabilityMatcher matcher;

  @BeforeAll
  static void importEverything() throws IOException {
    Path adv = SharedData.advisories();
    dir = Files.createTempDirectory("kw-advisories-it");
    imported = new AdvisoryDatabaseUpdater(dir, Duration.ofDays(7), Clock.systemUTC()).importFiles(List.of(
        adv.resolve("osv"), adv.resolve("kev/known_exploited_vulnerabilities.json")));
    db = AdvisoryDatabase.open(dir);
    matcher = new VulnerabilityMatcher(db);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static InstalledPackage pkg(String name, String version, Ecosystem e) {
    return new InstalledPackage(name, version, e, "", "", "", List.of(), "", List.of());
  }

  static InstalledPackage rpm(String name, String version, String source) {
    return new InstalledPackage(name, version, Ecosystem.ALMALINUX, "", source, "", List.of(), "", List.of());
  }

  @Test
  void importCountsEveryEcosystemAndReportsMalformedRecordsById() {
    DatabaseStatus s = imported.status();
    assertThat(s.advisoriesByEcosystem()).containsEntry("AlmaLinux", 5637).containsEntry("Bitnami", 7444)
        .containsEntry("Go", 4291).containsEntry("PyPI", 2661).containsEntry("crates.io", 1206)
        .containsEntry("kubernetes", 47);
    assertThat(s.advisories()).isEqualTo(5637 + 7444 + 4291 + 2661 + 1206 + 47);
    assertThat(s.withdrawn()).isEqualTo(40);
    assertThat(s.kevEntries()).isEqualTo(1404);
    assertThat(s.freshness()).isEqualTo(Freshness.FRESH);
    assertThat(imported.issues()).extracting(ImportIssue::recordId)
        .containsExactlyInAnyOrder("BIT-mastodon-2026-47777", "PYSEC-2019-125", "PYSEC-2021-371", "PYSEC-2022-15");
    assertThat(imported.issues()).anySatisfy(i -> assertThat(i.problem()).contains("invalid version 'nightly.2026-03-10.0'"));
  }

  /** The Go test binary: its build info (dep lines) and its toolchain version, read straight from the ELF file. */
  static List<InstalledPackage> goBinary(Path elf) throws IOException {
    String text = new String(Files.readAllBytes(elf), StandardCharsets.ISO_8859_1);
    List<InstalledPackage> out = new ArrayList<>();
    Matcher dep = Pattern.compile("\ndep\t([^\t\n]+)\t(v[^\t\n]+)").matcher(text);
    while (dep.find()) {
      out.add(pkg(dep.group(1), dep.group(2), Ecosystem.GO));
    }
    Matcher go = Pattern.compile("go1\\.\\d+(\\.\\d+)?").matcher(text);
    assertThat(go.find()).isTrue();
    out.add(pkg("stdlib", go.group(), Ecosystem.GO));
    return out;
  }

  @Test
  void goBinaryBuiltWithGo1152() throws IOException {
    List<InstalledPackage> pkgs = goBinary(SharedData.root()
        .resolve("pkgdb/trivy/pkg/dependency/parser/golang/binary/testdata/test.elf"));
    assertThat(pkgs).extracting(InstalledPackage::name).contains("stdlib", "golang.org/x/xerrors");
    assertThat(pkgs).filteredOn(p -> p.name().equals("stdlib")).extracting(InstalledPackage::version)
        .containsExactly("go1.15.2");
    MatchReport r = matcher.match(pkgs, Optional.empty());
    assertThat(r.matches()).hasSize(131).allSatisfy(m -> assertThat(m.pkg().name()).isEqualTo("stdlib"));
    assertThat(r.undetermined()).isEmpty();
    VulnerabilityMatch first = find(r, "GO-2021-0069");
    assertThat(first.fixedVersions()).containsExactly("1.15.5");
    assertThat(first.aliases()).contains("CVE-2020-28362");
    assertThat(first.severity()).isEqualTo(Severity.UNKNOWN); // the Go database rates nothing, and no NVD data is loaded
    assertThat(find(r, "GO-2022-0969").fixedVersions()).containsExactly("1.18.6");
  }

  @Test
  void cargoLockOfARustProject() throws IOException {
    String lock = Files.readString(SharedData.root().resolve("pkgdb/trivy/pkg/dependency/parser/rust/cargo/testdata/cargo_normal.lock"));
    List<InstalledPackage> pkgs = new ArrayList<>();
    Matcher m = Pattern.compile("\\[\\[package]]\nname = \"([^\"]+)\"\nversion = \"([^\"]+)\"").matcher(lock);
    while (m.find()) {
      pkgs.add(pkg(m.group(1), m.group(2), Ecosystem.CRATES_IO));
    }
    assertThat(pkgs).hasSize(8);
    MatchReport r = matcher.match(pkgs, Optional.empty());
    assertThat(r.matches()).extracting(x -> x.pkg().name() + " " + x.advisoryId() + " " + x.fixDescription())
        .containsExactlyInAnyOrder("idna RUSTSEC-2024-0421 1.0.0", "typemap RUSTSEC-2019-0039 no fix yet");
  }

  @Test
  void pythonRequirementsOfAFlaskApp() throws IOException {
    List<InstalledPackage> pkgs = Files.readAllLines(SharedData.root()
            .resolve("pkgdb/trivy/pkg/dependency/parser/python/pip/testdata/requirements_flask.txt")).stream()
        .filter(l -> l.contains("=="))
        .map(l -> pkg(l.split("==")[0].trim(), l.split("==")[1].trim(), Ecosystem.PYPI)).toList();
    MatchReport r = matcher.match(pkgs, Optional.empty());
    assertThat(r.matches()).extracting(x -> x.pkg().name() + " " + x.advisoryId() + " " + x.fixDescription())
        .containsExactlyInAnyOrder("Flask PYSEC-2023-62 2.2.5", "Werkzeug PYSEC-2022-203 2.1.1",
            "Werkzeug PYSEC-2023-221 2.3.8", "Werkzeug PYSEC-2023-57 2.2.3", "Werkzeug PYSEC-2023-58 2.2.3");
  }

  /** Packages of an AlmaLinux 9.4 minimal image (name, epoch:version-release, source rpm name). */
  static final List<InstalledPackage> ALMA_94 = List.of(
      rpm("openssl-libs", "1:3.0.7-27.el9", "openssl"), rpm("glibc", "2.34-100.el9_4.2", "glibc"),
      rpm("libcurl-minimal", "7.76.1-29.el9_4", "curl"), rpm("bash", "5.1.8-9.el9", "bash"),
      rpm("expat", "2.5.0-2.el9_4", "expat"), rpm("krb5-libs", "1.21.1-1.el9", "krb5"),
      rpm("libxml2", "2.9.13-6.el9_4", "libxml2"), rpm("xz-libs", "5.2.5-8.el9_0", "xz"),
      rpm("zlib", "1.2.11-40.el9", "zlib"), rpm("systemd-libs", "252-32.el9_4", "systemd"));

  @Test
  void almaLinux94PackagesOnAlmaLinux9() {
    MatchReport r = matcher.match(ALMA_94, Optional.of(new OsRelease(Ecosystem.ALMALINUX, "9.4", "", "AlmaLinux 9.4")));
    Map<String, Long> perPackage = r.matches().stream()
        .collect(Collectors.groupingBy(m -> m.pkg().name(), Collectors.counting()));
    assertThat(perPackage).containsExactlyInAnyOrderEntriesOf(Map.of("systemd-libs", 4L, "libcurl-minimal", 3L,
        "krb5-libs", 6L, "expat", 6L, "openssl-libs", 8L, "libxml2", 8L, "glibc", 7L));
    VulnerabilityMatch curl = r.matches().stream().filter(m -> m.advisoryId().equals("ALSA-2024:5529")).findFirst().orElseThrow();
    assertThat(curl.matchedName()).isEqualTo("libcurl-minimal"); // AlmaLinux errata name every binary package
    assertThat(curl.fixedVersions()).containsExactly("7.76.1-29.el9_4.1");
    VulnerabilityMatch ssl = r.matches().stream()
        .filter(m -> m.advisoryId().equals("ALSA-2024:6783")).findFirst().orElseThrow();
    assertThat(ssl.matchedName()).isEqualTo("openssl-libs");
    assertThat(ssl.fixedVersions()).containsExactly("1:3.0.7-28.el9_4");
    assertThat(ssl.related()).isNotEmpty();
    // AlmaLinux errata carry Red Hat's rating in the summary.
    assertThat(r.matches()).allSatisfy(m -> assertThat(m.severity()).isNotEqualTo(Severity.UNKNOWN));
    assertThat(r.matches().get(0).severity().ordinal()).isLessThanOrEqualTo(r.matches().get(r.matches().size() - 1).severity().ordinal());
    assertThat(r.undetermined()).isEmpty();
  }

  @Test
  void almaLinuxAdvisoriesOfOtherReleasesDoNotApply() {
    MatchReport r = matcher.match(ALMA_94, Optional.of(new OsRelease(Ecosystem.ALMALINUX, "8.10", "", "")));
    assertThat(r.matches()).isEmpty();
    assertThat(r.undetermined()).isEmpty();
  }

  @Test
  void withoutAnOsReleaseDistributionPackagesAreUndeterminedNotClean() {
    MatchReport r = matcher.match(ALMA_94, Optional.empty());
    assertThat(r.matches()).isEmpty();
    assertThat(r.undetermined()).extracting(u -> u.pkg().name()).contains("openssl-libs", "glibc", "bash");
    assertThat(r.undetermined()).allSatisfy(u -> {
      assertThat(u.notEvaluated().reason()).isEqualTo(NotEvaluated.Reason.DATA_MISSING);
      assertThat(u.notEvaluated().detail()).contains("release is unknown");
    });
  }

  @Test
  void theDistroQualifierOfAPackageUrlStandsInForTheOsRelease() {
    InstalledPackage ssl = new InstalledPackage("openssl-libs", "1:3.0.7-27.el9", Ecosystem.ALMALINUX,
        "pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?epoch=1&distro=almalinux-9.4", "openssl", "", List.of(), "", List.of());
    assertThat(matcher.match(List.of(ssl), Optional.empty()).matches()).hasSize(8);
  }

  @Test
  void bitnamiActiveMqWithKevAndCvss() {
    MatchReport r = matcher.match(List.of(pkg("activemq", "5.15.12", Ecosystem.BITNAMI)), Optional.empty());
    assertThat(r.matches()).hasSize(38);
    VulnerabilityMatch rce = find(r, "BIT-activemq-2023-46604");
    assertThat(rce.knownExploited()).isTrue();
    assertThat(rce.kev().orElseThrow().cve()).isEqualTo("CVE-2023-46604");
    assertThat(rce.kev().orElseThrow().dateAdded()).isEqualTo("2023-11-02");
    assertThat(rce.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rce.fixedVersions()).containsExactly("5.15.16");
    assertThat(rce.cvss()).anySatisfy(c -> {
      assertThat(c.version()).isEqualTo("3.1");
      assertThat(c.baseScore()).isEqualTo(9.8);
    });
    assertThat(r.matches()).filteredOn(VulnerabilityMatch::knownExploited).hasSize(1);
    VulnerabilityMatch noFix = find(r, "BIT-activemq-2020-11998"); // last_affected 5.15.12
    assertThat(noFix.fixDescription()).isEqualTo("no fix yet");
    assertThat(r.matches().get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void kubernetesComponents() {
    MatchReport r = matcher.match(List.of(pkg("k8s.io/apiserver", "1.20.0", Ecosystem.KUBERNETES),
        pkg("k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES)), Optional.empty());
    assertThat(r.matches()).extracting(m -> m.pkg().name() + " " + m.advisoryId() + " " + m.fixDescription())
        .containsExactlyInAnyOrder(
            "k8s.io/apiserver CVE-2021-25735 1.20.6", "k8s.io/apiserver CVE-2021-25737 1.20.7",
            "k8s.io/apiserver CVE-2022-3162 1.22.16", "k8s.io/apiserver CVE-2022-3172 1.21.14",
            "k8s.io/apiserver CVE-2023-2727 1.24.15", "k8s.io/apiserver CVE-2023-2728 1.24.15",
            "k8s.io/apiserver CVE-2024-3177 1.27.13", "k8s.io/kubelet CVE-2021-25741 1.20.11",
            "k8s.io/kubelet CVE-2021-25749 1.22.14", "k8s.io/kubelet CVE-2023-2431 1.24.14",
            "k8s.io/kubelet CVE-2023-5528 1.25.16");
    assertThat(find(r, "CVE-2021-25741").cvss()).singleElement()
        .satisfies(c -> assertThat(c.baseScore()).isEqualTo(8.8));
  }

  @Test
  void anUnreadableVersionIsReportedAsUndeterminedNeverAsClean() {
    MatchReport r = matcher.match(List.of(pkg("idna", "not a version", Ecosystem.CRATES_IO)), Optional.empty());
    assertThat(r.matches()).isEmpty();
    assertThat(r.undetermined()).singleElement().satisfies(u -> {
      assertThat(u.advisoryIds()).contains("RUSTSEC-2024-0421");
      assertThat(u.notEvaluated().detail()).contains("'not a version'");
    });
  }

  @Test
  void pythonNamesMatchWhateverTheirSpelling() {
    assertThat(matcher.match(List.of(pkg("werkzeug", "2.0.0", Ecosystem.PYPI)), Optional.empty()).matches())
        .hasSize(4);
  }

  static VulnerabilityMatch find(MatchReport r, String id) {
    return r.matches().stream().filter(m -> m.advisoryId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not among " + r.matches().stream().map(VulnerabilityMatch::advisoryId).toList()));
  }
}
