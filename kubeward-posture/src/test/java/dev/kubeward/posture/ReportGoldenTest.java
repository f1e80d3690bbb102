package dev.kubeward.posture;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.posture.report.ReportContext;
import dev.kubeward.posture.report.ReportWriter;
import dev.kubeward.posture.report.ReportWriters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every report format against a golden file (refresh with {@code -Dgolden.update=true}), with a fixed clock; the
 * SARIF output also validates against the SARIF 2.1.0 schema.
 */
class ReportGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static ScanReport report() throws IOException {
    RuleSet rules = RuleSet.builder().addBuiltIn().addYaml(Files.readString(GOLDEN.resolve("custom-rule.yaml")), "custom-rule.yaml")
        .build().only(Set.of("KW-PSS-001", "KW-PSS-005", "KW-MNT-001", "KW-IMG-001", "KW-SEC-001", "KW-RBAC-013",
            "KW-NS-001", "ACME-SVC-001"));
    ManifestSet set = new ManifestLoader().parse(Files.readString(GOLDEN.resolve("input.yaml")), "golden/input.yaml");
    ControlMapping controls = id -> id.equals("KW-PSS-001") ? List.of("pss-baseline:privileged-containers") : List.of();
    PostureEngine engine = new PostureEngine(rules, EngineOptions.defaults().withControls(controls));
    return engine.scan(set.toInventory(), set.problems());
  }

  static ReportContext context() {
    return new ReportContext(RuleSet.builder().addBuiltIn().build(), NOW, "test");
  }

  @Test
  void everyFormatIsRegistered() {
    assertThat(ReportWriters.formats()).containsExactly("csv", "json", "junit", "sarif", "table");
  }

  @TestFactory
  Stream<DynamicTest> everyFormatMatchesItsGoldenFile() throws IOException {
    ScanReport report = report();
    return ReportWriters.all().stream().map(w -> DynamicTest.dynamicTest(w.format(), () -> golden(w, report)));
  }

  private static void golden(ReportWriter writer, ScanReport report) throws IOException {
    String text = ReportWriters.render(writer, report, context());
    Path file = GOLDEN.resolve("report." + writer.format() + (writer.format().equals("junit") ? ".xml" : ""));
    if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
      Files.writeString(file, text);
    }
    assertThat(text).as("golden file " + file + " (refresh with -Dgolden.update=true)").isEqualTo(Files.readString(file));
  }

  @Test
  void theReportCarriesFailuresRuleErrorsControlsAndInputErrors() throws IOException {
    ScanReport report = report();
    assertThat(report.findings()).extracting(Finding::key).contains("KW-PSS-001|Deployment/shop/web|app",
        "KW-MNT-001|Deployment/shop/web", "KW-RBAC-013|ClusterRoleBinding/anonymous-view", "KW-NS-001|Namespace/shop");
    assertThat(report.ruleErrors()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("ACME-SVC-001");
      assertThat(f.message()).startsWith("rule error:");
    });
    assertThat(report.findings()).filteredOn(f -> f.ruleId().equals("KW-PSS-001")).singleElement()
        .satisfies(f -> assertThat(f.controls()).containsExactly("pss-baseline:privileged-containers"));
    assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.location().line()).isBetween(53, 58));
  }

  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws IOException {
    String sarif = ReportWriters.render(ReportWriters.forFormat("sarif").orElseThrow(), report(), context());
    Schema schema;
    try (InputStream in = getClass().getResourceAsStream("/schemas/sarif-2.1.0-rtm.5.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
    assertThat(schema.validate(sarif, InputFormat.JSON)).as("schema violations").isEmpty();
    String broken = sarif.replace("\"version\" : \"2.1.0\"", "\"version\" : \"9\"");
    assertThat(broken).isNotEqualTo(sarif);
    assertThat(schema.validate(broken, InputFormat.JSON)).as("the schema does catch a wrong version").isNotEmpty();
  }

  @Test
  void jsonHasTheDocumentedShape() throws IOException {
    String json = ReportWriters.render(ReportWriters.forFormat("json").orElseThrow(), report(), context());
    @SuppressWarnings("unchecked")
    Map<String, Object> root = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    assertThat(root).containsKeys("findings", "errors");
    @SuppressWarnings("unchecked")
    Map<String, Object> first = ((List<Map<String, Object>>) root.get("findings")).get(0);
    assertThat(first).containsKeys("ruleId", "title", "severity", "resource", "message", "remediation", "controls");
    assertThat((Map<String, Object>) first.get("resource")).containsOnlyKeys("apiVersion", "kind", "namespace", "name");
  }
}
