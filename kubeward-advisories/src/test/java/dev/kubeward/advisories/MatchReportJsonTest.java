package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON form of matches, compared with a golden file (fixed clock, fixed file times; the random build id and the
 * temporary location are replaced before comparing). Refresh with {@code -Dgolden.update=true} and review the diff.
 */
class MatchReportJsonTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/match-report.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TempDir Path tmp;

  MatchReport match() throws IOException {
    Path db = SmallDatabase.build(tmp);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      return new VulnerabilityMatcher(d, Duration.ofDays(7), SmallDatabase.CLOCK)
          .match(SmallDatabase.packages(), Optional.empty());
    }
  }

  @Test
  void matchesRenderAsDocumentedAndMatchTheGoldenFile() throws IOException {
    MatchReport report = match();
    ObjectNode root = JSON.createObjectNode();
    MatchReportJson.addTo(root, report);

    assertThat(root.path("vulnerabilities")).extracting(v -> v.path("severity").asText())
        .containsExactly("critical", "critical", "critical", "high"); // worst first
    JsonNode first = byId(root, "BIT-activemq-2023-46604");
    assertThat(first.path("severity").asText()).isEqualTo("critical");
    assertThat(first.path("severitySource").asText()).isEqualTo("advisory rating");
    assertThat(first.path("fixedVersions")).extracting(JsonNode::asText).containsExactly("5.15.16");
    assertThat(first.path("knownExploited").asBoolean()).isTrue();
    assertThat(first.path("kev").path("dateAdded").asText()).isEqualTo("2023-11-02");
    assertThat(first.path("cvss").get(0).path("baseScore").asDouble()).isEqualTo(9.8);
    JsonNode sample = byId(root, "KW-TEST-2025-0001");
    assertThat(sample.path("cvss")).extracting(c -> c.path("version").asText() + " " + c.path("baseScore").asDouble())
        .containsExactly("3.1 6.5", "4.0 9.3");
    assertThat(sample.path("severity").asText()).isEqualTo("critical"); // the newest CVSS version decides
    assertThat(sample.path("epss").path("probability").asDouble()).isEqualTo(0.91963);
    assertThat(sample.path("epss").path("percentile").asDouble()).isEqualTo(0.99214);
    assertThat(sample.path("fixedVersions")).extracting(JsonNode::asText).containsExactly("1.4.2");
    assertThat(byId(root, "BIT-activemq-2020-11998").path("fix").asText()).isEqualTo("no fix yet");
    assertThat(root.path("undetermined")).extracting(u -> u.path("package").path("name").asText())
        .containsExactlyInAnyOrder("activemq", "idna");
    assertThat(root.path("database").path("freshness").asText()).isEqualTo("fresh");
    assertThat(root.path("database").path("ageSeconds").asLong()).isEqualTo(Duration.ofHours(60).toSeconds());
    assertThat(root.path("vulnerabilitySummary").path("knownExploited").asInt()).isEqualTo(1);

    ObjectNode database = (ObjectNode) root.path("database");
    database.put("buildId", "<build id>");
    database.put("location", "<database folder>");
    String actual = JSON.writeValueAsString(root) + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void withoutADatabaseVulnerabilitiesAreNullNotAnEmptyList() {
    ObjectNode root = JSON.createObjectNode();
    DatabaseStatus missing = DatabaseStatus.missing(tmp.resolve("nothing"), Duration.ofDays(7));
    MatchReportJson.addNotMatched(root, missing, missing.warning().orElseThrow());
    assertThat(root.path("vulnerabilities").isNull()).isTrue();
    assertThat(root.path("undetermined").isNull()).isTrue();
    assertThat(root.path("database").path("freshness").asText()).isEqualTo("missing");
    assertThat(root.path("database").path("warning").asText()).contains("no vulnerability database", "kubeward db update");
  }

  @Test
  void aStaleDatabaseSaysSoInTheReport() throws IOException {
    Path db = SmallDatabase.build(tmp);
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      MatchReport r = new VulnerabilityMatcher(d, Duration.ofHours(12), SmallDatabase.CLOCK)
          .match(SmallDatabase.packages(), Optional.empty());
      ObjectNode root = JSON.createObjectNode();
      MatchReportJson.addTo(root, r);
      assertThat(root.path("database").path("freshness").asText()).isEqualTo("stale");
      assertThat(root.path("database").path("warning").asText())
          .isEqualTo("the vulnerability database is stale: its data is 2d 12h old (stale after 12h 0m), so advisories"
              + " published since are missing; run 'kubeward db update'");
      assertThat(root.path("vulnerabilities")).isNotEmpty(); // stale results are still shown, with the warning
    }
  }

  static JsonNode byId(JsonNode root, String id) {
    for (JsonNode v : root.path("vulnerabilities")) {
      if (v.path("id").asText().equals(id)) {
        return v;
      }
    }
    throw new AssertionError(id + " not found");
  }
}
