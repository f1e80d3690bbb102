package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.image.LayerCache;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.SbomReader;
import dev.kubeward.packages.SbomWriter;
import dev.kubeward.packages.ScanReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matches in CycloneDX's own vulnerabilities section, valid against the 1.6 schema and readable back as an SBOM. */
class MatchReportCycloneDxTest {
  @TempDir Path tmp;

  @Test
  void vulnerabilitiesLinkToTheirComponentsWithRatingsFixesAndExploitation() throws IOException {
    Path db = SmallDatabase.build(tmp.resolve("data"));
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.copy(SharedData.root().resolve("pkgdb/trivy/pkg/dependency/parser/rust/cargo/testdata/cargo_normal.lock"),
        app.resolve("Cargo.lock"));
    ScanReport scanned = new PackageScanner(new LayerCache(tmp.resolve("cache"), 1 << 20)).scanFilesystem(app);
    List<InstalledPackage> all = new ArrayList<>(scanned.packages());
    all.addAll(SmallDatabase.packages());
    ScanReport report = new ScanReport(scanned.target(), null, null, all, List.of(), scanned.analyzers());
    MatchReport matches;
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      matches = new VulnerabilityMatcher(d, Duration.ofDays(7), SmallDatabase.CLOCK)
          .match(report.packages(), Optional.empty());
    }

    Bom bom = new SbomWriter(SmallDatabase.CLOCK, "test").cycloneDxBom(report);
    Map<InstalledPackage, String> refs = new IdentityHashMap<>();
    for (int i = 0; i < report.packages().size(); i++) {
      refs.put(report.packages().get(i), SbomWriter.componentRef(i, report.packages().get(i)));
    }
    MatchReportCycloneDx.addTo(bom, matches, p -> Optional.ofNullable(refs.get(p)));
    String json = SbomWriter.cycloneDxJson(bom);
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();

    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.path("vulnerabilities")).extracting(v -> v.path("id").asText()).containsExactly(
        "BIT-activemq-2020-11998", "BIT-activemq-2023-46604", "KW-TEST-2025-0001", "CVE-2021-25741");
    JsonNode sample = find(root.path("vulnerabilities"), "id", "KW-TEST-2025-0001");
    assertThat(sample.path("ratings")).extracting(r -> r.path("method").asText() + " " + r.path("score").asDouble()
        + " " + r.path("severity").asText()).containsExactly("CVSSv31 6.5 medium", "CVSSv4 9.3 critical");
    assertThat(sample.path("references").get(0).path("id").asText()).isEqualTo("CVE-1999-0005");
    assertThat(sample.path("references").get(0).path("source").path("url").asText())
        .isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-1999-0005");
    JsonNode affect = sample.path("affects").get(0);
    JsonNode component = find(root.path("components"), "bom-ref", affect.path("ref").asText());
    assertThat(component.path("name").asText()).isEqualTo("kw-sample-lib");
    assertThat(affect.path("versions")).extracting(v -> v.path("version").asText() + " " + v.path("status").asText())
        .containsExactly("1.4.0 affected", "1.4.2 unaffected");
    assertThat(property(sample, "kubeward:epss:probability")).isEqualTo("0.91963");

    JsonNode rce = find(root.path("vulnerabilities"), "id", "BIT-activemq-2023-46604");
    assertThat(property(rce, "kubeward:knownExploited")).isEqualTo("true");
    assertThat(property(rce, "kubeward:kev:dateAdded")).isEqualTo("2023-11-02");
    assertThat(rce.path("recommendation").asText()).isEqualTo("Upgrade to 5.15.16.");
    // Both activemq packages are components; only the readable version is affected.
    assertThat(rce.path("affects")).hasSize(1);
    assertThat(find(root.path("vulnerabilities"), "id", "BIT-activemq-2020-11998").path("recommendation").asText())
        .isEqualTo("No fix yet.");

    assertThat(property(root.path("metadata"), "kubeward:database:freshness")).isEqualTo("fresh");
    JsonNode idna = find(root.path("components"), "name", "idna");
    assertThat(property(idna, "kubeward:vulnerabilities:undetermined"))
        .contains("the database holds no crates.io advisories");

    Path file = Files.writeString(tmp.resolve("bom.json"), json);
    // Read back as an SBOM: the vulnerabilities do not disturb it (packages without a purl cannot come back).
    assertThat(SbomReader.read(file).packages())
        .hasSize((int) report.packages().stream().filter(p -> !p.purl().isEmpty()).count());
  }

  @Test
  void withoutADatabaseTheBomHasNoVulnerabilitiesSectionAndSaysWhy() throws IOException {
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.copy(SharedData.root().resolve("pkgdb/trivy/pkg/dependency/parser/rust/cargo/testdata/cargo_normal.lock"),
        app.resolve("Cargo.lock"));
    ScanReport report = new PackageScanner(new LayerCache(tmp.resolve("cache"), 1 << 20)).scanFilesystem(app);
    Bom bom = new SbomWriter(SmallDatabase.CLOCK, "test").cycloneDxBom(report);
    DatabaseStatus missing = DatabaseStatus.missing(tmp.resolve("none"), Duration.ofDays(7));
    MatchReportCycloneDx.addNotMatched(bom, missing, missing.warning().orElseThrow());
    String json = SbomWriter.cycloneDxJson(bom);
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.has("vulnerabilities")).isFalse();
    assertThat(property(root.path("metadata"), "kubeward:database:freshness")).isEqualTo("missing");
    assertThat(property(root.path("metadata"), "kubeward:database:warning")).contains("vulnerabilities were not matched");
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError(field + "=" + value + " not found in " + array);
  }

  static String property(JsonNode node, String name) {
    for (JsonNode p : node.path("properties")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("value").asText();
      }
    }
    throw new AssertionError("no property " + name + " in " + node);
  }
}
