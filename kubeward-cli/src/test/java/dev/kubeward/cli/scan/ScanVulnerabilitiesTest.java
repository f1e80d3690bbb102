package dev.kubeward.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.KubewardCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubeward scan ...} with vulnerabilities, as a user runs it: real package files, images and SBOMs against a
 * database imported here from the shared advisory data (only the ecosystems needed: Go, crates.io, and the Bitnami
 * ActiveMQ records, with the KEV catalogue and the EPSS sample).
 */
class ScanVulnerabilitiesTest {
  static Path shared;
  static Path work;
  static Path db;
  static Path app;
  static Path sbom;

  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void importDatabaseAndPrepareInputs() throws IOException {
    shared = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data"));
    if (!Files.isDirectory(shared.resolve("advisories"))) {
      System.err.println("shared data not found at " + shared + "; skipping");
    }
    Assumptions.assumeTrue(Files.isDirectory(shared.resolve("advisories")), "shared data not found at " + shared
        + "; skipping");
    work = Files.createTempDirectory("kw-scan-vulns");
    Path bitnami = Files.createDirectories(work.resolve("bitnami"));
    extract(shared.resolve("advisories/osv/Bitnami.zip"), "BIT-activemq-", bitnami);
    db = work.resolve("db");
    Path adv = shared.resolve("advisories");
    Run imported = run("db", "import", "--db", db.toString(), adv.resolve("osv/Go.zip").toString(),
        adv.resolve("osv/crates.io.zip").toString(), bitnami.toString(),
        adv.resolve("kev/known_exploited_vulnerabilities.json").toString());
    assertThat(imported.code()).as(imported.err()).isZero();

    // The Go test binary and a Cargo.lock, copied into a folder as an application would ship them.
    app = Files.createDirectories(work.resolve("app"));
    Path server = Files.createDirectories(app.resolve("bin")).resolve("server");
    Files.copy(shared.resolve("pkgdb/trivy/pkg/dependency/parser/golang/binary/testdata/test.elf"), server);
    Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(shared.resolve("pkgdb/trivy/pkg/dependency/parser/rust/cargo/testdata/cargo_normal.lock"),
        Files.createDirectories(app.resolve("rust")).resolve("Cargo.lock"));

    // A generated CycloneDX SBOM naming a Bitnami ActiveMQ (in CISA's KEV catalogue) and a crate.
    sbom = Files.writeString(work.resolve("sbom.json"), """
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
         "components": [
           {"type": "application", "name": "activemq", "version": "5.15.12", "purl": "pkg:bitnami/activemq@5.15.12"},
           {"type": "library", "name": "idna", "version": "0.1.5", "purl": "pkg:cargo/idna@0.1.5"},
           {"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0"}]}
        """);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (work != null) {
      try (Stream<Path> w = Files.walk(work)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void extract(Path zip, String prefix, Path dir) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (var e : java.util.Collections.list(z.entries())) {
        if (e.getName().startsWith(prefix)) {
          try (InputStream in = z.getInputStream(e)) {
            Files.copy(in, dir.resolve(e.getName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  String cache() {
    return tmp.resolve("cache").toString();
  }

  static JsonNode byId(JsonNode json, String id) {
    for (JsonNode v : json.path("vulnerabilities")) {
      if (v.path("id").asText().equals(id)) {
        return v;
      }
    }
    throw new AssertionError(id + " not among the vulnerabilities");
  }

  @Test
  void scanFsFindsTheRealAdvisoriesOfAGoBinaryAndACargoLock() throws IOException {
    Run r = run("scan", "fs", app.toString(), "--db", db.toString(), "-f", "json", "--cache-dir", cache());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    JsonNode json = r.json();
    assertThat(json.path("database").path("freshness").asText()).isEqualTo("fresh");
    assertThat(json.path("database").path("warning").isNull()).isTrue();
    assertThat(json.path("vulnerabilities")).hasSize(133); // 131 for the go1.15.2 standard library, 2 crates
    JsonNode tls = byId(json, "GO-2021-0069");
    assertThat(tls.path("package").path("name").asText()).isEqualTo("stdlib");
    assertThat(tls.path("package").path("locations").get(0).asText()).isEqualTo("bin/server");
    assertThat(tls.path("fixedVersions")).extracting(JsonNode::asText).containsExactly("1.15.5");
    assertThat(tls.path("aliases")).extracting(JsonNode::asText).contains("CVE-2020-28362");
    assertThat(byId(json, "GO-2022-0969").path("fix").asText()).isEqualTo("1.18.6");
    JsonNode idna = byId(json, "RUSTSEC-2024-0421");
    assertThat(idna.path("package").path("purl").asText()).isEqualTo("pkg:cargo/idna@0.1.5");
    assertThat(idna.path("fixedVersions")).extracting(JsonNode::asText).containsExactly("1.0.0");
    assertThat(byId(json, "RUSTSEC-2019-0039").path("fix").asText()).isEqualTo("no fix yet");
    assertThat(json.path("undetermined")).isEmpty();
    assertThat(json.path("vulnerabilitySummary").path("total").asInt()).isEqualTo(133);
  }

  @Test
  void scanSbomWithFailOnExitsOneForAKnownExploitedCriticalAndListsItWorstFirst() throws IOException {
    Run r = run("scan", "sbom", sbom.toString(), "--db", db.toString(), "--fail-on", "critical");
    assertThat(r.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.err()).contains("vulnerabilities at or above Critical (--fail-on critical)");
    List<String> lines = r.out().lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("SEVERITY")).findFirst().orElseThrow());
    assertThat(lines.get(header)).containsSubsequence("SEVERITY", "ID", "PACKAGE", "INSTALLED", "FIXED", "EPSS", "KEV");
    List<String> rows = new ArrayList<>();
    for (int i = header + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
      rows.add(lines.get(i));
    }
    assertThat(rows.get(0)).startsWith("Critical");
    assertThat(rows.get(rows.size() - 1)).startsWith("Unknown"); // the crate's advisory has no rating
    assertThat(rows).anySatisfy(row -> assertThat(row).contains("BIT-activemq-2023-46604", "activemq", "5.15.12",
        "5.15.16", "yes 2023-11-02"));
    assertThat(r.out()).contains("Vulnerability database: fresh").contains("1 known exploited");
    // npm is not in this database: left-pad is reported as unchecked, and said so on standard error.
    assertThat(r.out()).contains("Undetermined (1 package could not be checked; it is not counted as clean)",
        "the database holds no npm advisories", "left-pad 1.3.0");
    assertThat(r.err()).contains("1 package could not be checked (see 'undetermined'); it does not count for --fail-on");

    JsonNode json = run("scan", "sbom", sbom.toString(), "--db", db.toString(), "-f", "json").json();
    JsonNode rce = byId(json, "BIT-activemq-2023-46604");
    assertThat(rce.path("severity").asText()).isEqualTo("critical");
    assertThat(rce.path("kev").path("dateAdded").asText()).isEqualTo("2023-11-02");
    assertThat(rce.path("cvss").get(0).path("baseScore").asDouble()).isEqualTo(9.8);
    assertThat(json.path("undetermined").get(0).path("reason").asText()).isEqualTo("data missing");
  }

  @Test
  void failOnCountsOnlyWhatReachesTheThresholdAndSaysWhatIsUnrated() {
    Run high = run("scan", "fs", app.toString(), "--db", db.toString(), "--fail-on", "high", "--cache-dir", cache());
    assertThat(high.code()).as("the Go and RustSec records carry no rating").isEqualTo(ExitCodes.OK);
    assertThat(high.err()).contains("133 vulnerabilities have no severity rating and do not count for --fail-on high");
    Run any = run("scan", "fs", app.toString(), "--db", db.toString(), "--fail-on", "unknown", "--cache-dir", cache());
    assertThat(any.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run("scan", "fs", app.toString(), "--db", db.toString(), "--fail-on", "severe").code())
        .isEqualTo(ExitCodes.USAGE);
    Run skip = run("scan", "fs", app.toString(), "--skip-db", "--fail-on", "high", "--cache-dir", cache());
    assertThat(skip.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(skip.err()).contains("--fail-on needs vulnerability matching; drop --skip-db");
  }

  @Test
  void aMissingDatabaseIsStatedInEveryFormatAndFailOnRefusesToPass() throws IOException {
    Path none = tmp.resolve("no-db");
    Run table = run("scan", "fs", app.toString(), "--db", none.toString(), "--cache-dir", cache());
    assertThat(table.code()).isEqualTo(ExitCodes.OK);
    assertThat(table.out()).contains("Vulnerability database: missing", "Vulnerabilities: NOT CHECKED",
        "WARNING: there is no vulnerability database in " + none);
    assertThat(table.out()).contains("stdlib"); // the packages are still listed
    assertThat(table.err()).contains("kubeward: warning: there is no vulnerability database");

    JsonNode json = run("scan", "fs", app.toString(), "--db", none.toString(), "-f", "json", "--cache-dir", cache())
        .json();
    assertThat(json.path("vulnerabilities").isNull()).isTrue();
    assertThat(json.path("database").path("freshness").asText()).isEqualTo("missing");
    assertThat(json.path("database").path("warning").asText()).contains("kubeward db update");
    assertThat(json.path("packages")).isNotEmpty();

    JsonNode cdx = run("scan", "fs", app.toString(), "--db", none.toString(), "-f", "cyclonedx", "--cache-dir",
        cache()).json();
    assertThat(cdx.has("vulnerabilities")).isFalse();
    assertThat(cdx.path("metadata").path("properties").toString()).contains("kubeward:database:freshness", "missing");
    JsonNode spdx = run("scan", "fs", app.toString(), "--db", none.toString(), "-f", "spdx", "--cache-dir", cache())
        .json();
    assertThat(spdx.path("comment").asText()).contains("there is no vulnerability database");

    Run gate = run("scan", "fs", app.toString(), "--db", none.toString(), "--fail-on", "high", "--cache-dir", cache());
    assertThat(gate.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(gate.err()).hasLineCount(1).contains("--fail-on needs a vulnerability database", none.toString());
    assertThat(gate.out()).as("fails before scanning").isEmpty();
  }

  @Test
  void anUnreadableDatabaseIsAWarningOrWithFailOnAnError() throws IOException {
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("advisories.kwdb"), "this is not a database");
    Run r = run("scan", "sbom", sbom.toString(), "--db", broken.toString(), "-f", "json");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.json().path("database").path("warning").asText()).contains("cannot be read", "not an advisory database");
    assertThat(r.err()).contains("cannot be read");
    Run gate = run("scan", "sbom", sbom.toString(), "--db", broken.toString(), "--fail-on", "low");
    assertThat(gate.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(gate.err()).contains("cannot be read");
  }

  @Test
  void aStaleDatabaseStillMatchesAndSaysSoEverywhere() throws IOException {
    Path crates = Files.copy(shared.resolve("advisories/osv/crates.io.zip"), tmp.resolve("crates.io.zip"));
    Files.setLastModifiedTime(crates, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    Path stale = tmp.resolve("stale-db");
    assertThat(run("db", "import", "--db", stale.toString(), crates.toString()).code()).isZero();
    Path rust = Files.createDirectories(tmp.resolve("rust"));
    Files.copy(app.resolve("rust/Cargo.lock"), rust.resolve("Cargo.lock"));

    Run table = run("scan", "fs", rust.toString(), "--db", stale.toString(), "--cache-dir", cache());
    assertThat(table.out()).contains("Vulnerability database: stale", "RUSTSEC-2024-0421",
        "WARNING: the vulnerability database is stale: its data is 30d");
    assertThat(table.err()).contains("kubeward: warning: the vulnerability database is stale");
    JsonNode json = run("scan", "fs", rust.toString(), "--db", stale.toString(), "-f", "json", "--cache-dir", cache())
        .json();
    assertThat(json.path("database").path("freshness").asText()).isEqualTo("stale");
    assertThat(json.path("vulnerabilities")).hasSize(2);
    Run fresh = run("scan", "fs", rust.toString(), "--db", stale.toString(), "--max-age", "60d", "-f", "json",
        "--cache-dir", cache());
    assertThat(fresh.json().path("database").path("freshness").asText()).isEqualTo("fresh");
    Run gate = run("scan", "fs", rust.toString(), "--db", stale.toString(), "--fail-on", "unknown", "--cache-dir",
        cache());
    assertThat(gate.code()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(gate.err()).contains("the database is stale");
  }

  @Test
  void theAlpineDockerArchiveIsUndeterminedWhereTheDatabaseHasNoAlpineData() throws IOException {
    Path alpine = shared.resolve("images/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
    Run r = run("scan", "image", "docker-archive:" + alpine, "--db", db.toString(), "-f", "json", "--cache-dir",
        cache());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = r.json();
    assertThat(json.path("os").path("versionId").asText()).isEqualTo("3.10.4");
    assertThat(json.path("vulnerabilities")).isEmpty();
    assertThat(json.path("undetermined")).hasSize(14).allSatisfy(u -> {
      assertThat(u.path("reason").asText()).isEqualTo("data missing");
      assertThat(u.path("detail").asText()).contains("no Alpine advisories");
    });
    assertThat(json.path("undetermined")).extracting(u -> u.path("package").path("name").asText())
        .contains("musl", "busybox", "libcrypto1.1");
    Run table = run("scan", "image", "docker-archive:" + alpine, "--db", db.toString(), "--cache-dir", cache());
    assertThat(table.out()).contains("Vulnerabilities: none found in 14 packages; 14 of 14 packages could not be checked");
  }

  @Test
  void cycloneDxCarriesTheVulnerabilitiesAndScanSbomReadsItBack() throws IOException {
    Path bom = tmp.resolve("bom.json");
    Run r = run("scan", "fs", app.toString(), "--db", db.toString(), "-f", "cyclonedx", "-o", bom.toString(),
        "--cache-dir", cache());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(bom.toFile());
    assertThat(json.path("vulnerabilities")).hasSize(133);
    JsonNode idna = null;
    for (JsonNode v : json.path("vulnerabilities")) {
      if (v.path("id").asText().equals("RUSTSEC-2024-0421")) {
        idna = v;
      }
    }
    assertThat(idna).isNotNull();
    String ref = idna.path("affects").get(0).path("ref").asText();
    JsonNode component = null;
    for (JsonNode c : json.path("components")) {
      if (c.path("bom-ref").asText().equals(ref)) {
        component = c;
      }
    }
    assertThat(component).isNotNull();
    assertThat(component.path("purl").asText()).isEqualTo("pkg:cargo/idna@0.1.5");
    assertThat(idna.path("affects").get(0).path("versions").toString()).contains("0.1.5", "affected", "1.0.0",
        "unaffected");

    Run again = run("scan", "sbom", bom.toString(), "--db", db.toString(), "-f", "json");
    assertThat(again.json().path("vulnerabilities")).hasSize(133);
    Run spdx = run("scan", "fs", app.toString(), "--db", db.toString(), "-f", "spdx", "--cache-dir", cache());
    assertThat(spdx.json().path("comment").asText()).contains("133 vulnerabilities matched", "--format json");
  }

  /**
   * The table as people read it, compared with a golden file: database files with a fixed modification time and a
   * fixed clock make it deterministic once the temporary folder and the random build id are replaced. Refresh with
   * {@code -Dgolden.update=true}.
   */
  @Test
  void tableOutputMatchesTheGoldenFile() throws IOException {
    Instant dataTime = Instant.parse("2026-01-01T00:00:00Z");
    java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-01-09T06:30:00Z"), java.time.ZoneOffset.UTC);
    Path inputs = Files.createDirectories(tmp.resolve("inputs"));
    List<Path> files = new ArrayList<>();
    files.add(Files.copy(shared.resolve("advisories/osv/crates.io.zip"), inputs.resolve("crates.io.zip")));
    Path bitnami = Files.createDirectories(inputs.resolve("bitnami"));
    extract(shared.resolve("advisories/osv/Bitnami.zip"), "BIT-activemq-2023", bitnami);
    try (Stream<Path> b = Files.list(bitnami)) {
      b.forEach(files::add);
    }
    files.add(Files.copy(shared.resolve("advisories/kev/known_exploited_vulnerabilities.json"), inputs.resolve("kev.json")));
    for (Path f : files) {
      Files.setLastModifiedTime(f, FileTime.from(dataTime));
    }
    Path goldenDb = tmp.resolve("golden-db");
    assertThat(run("db", "import", "--db", goldenDb.toString(), files.get(0).toString(), bitnami.toString(),
        inputs.resolve("kev.json").toString()).code()).isZero();

    MatchOptions options = new MatchOptions();
    options.db = goldenDb;
    options.maxAge = "7d";
    VulnerabilityStage stage = VulnerabilityStage.open(options, clock);
    var report = dev.kubeward.packages.SbomReader.read(sbom);
    ScanVulnerabilities v = stage.match(report);
    String table = ScanOutput.render(report, v, ScanOptions.Format.table, clock)
        .replace(goldenDb.toString(), "<db>").replace(v.status().buildId().substring(0, 8), "<build>")
        .replace(sbom.toString(), "<sbom>");
    Path golden = Path.of("src/test/resources/golden/scan-table.txt");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, table);
    }
    assertThat(table).isEqualTo(Files.readString(golden));
  }

  @Test
  void skipDbListsPackagesOnly() throws IOException {
    Run r = run("scan", "fs", app.toString(), "--skip-db", "--db", tmp.resolve("none").toString(), "-f", "json",
        "--cache-dir", cache());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode json = r.json();
    assertThat(json.has("vulnerabilities")).isFalse();
    assertThat(json.has("database")).isFalse();
    assertThat(json.path("packages")).isNotEmpty();
  }
}
