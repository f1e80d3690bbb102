package dev.kubeward.runtime.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading detections: the built-in set, and every way a detection file can be wrong. */
class DetectionCatalogTest {
  static final String GOOD = """
      id: my-detection
      title: Something odd
      severity: Low
      confidence: Medium
      mitre: {tacticId: TA0002, tactic: Execution, techniqueId: T1059, technique: Command and Scripting Interpreter}
      description: Odd things happen.
      response: [Look at it.]
      on: {kinds: [process-start]}
      condition: event.process.name == 'odd'
      """;

  @Test
  void builtInCatalogHasAtLeastFortyDetectionsCoveringEverySeverityAndKind() {
    DetectionCatalog c = DetectionCatalog.builtIn();
    assertThat(c.size()).isGreaterThanOrEqualTo(40);
    assertThat(c.detections().stream().map(Detection::severity).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFORMATIONAL);
    assertThat(c.detections().stream().map(Detection::kind).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(DetectionKind.values());
    for (Detection d : c.detections()) {
      assertThat(d.description()).as(d.id()).isNotBlank();
      assertThat(d.response()).as(d.id()).isNotEmpty();
      assertThat(d.mitre().unmapped()).as(d.id() + " has a MITRE mapping").isEqualTo(d.tags().contains("test"));
    }
  }

  @Test
  void detectionsLoadFromADirectoryAndCombineWithBuiltIns(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("my-detection.yaml"), GOOD);
    DetectionCatalog mine = DetectionCatalog.fromDirectory(dir);
    assertThat(mine.find("my-detection")).get().extracting(Detection::severity).isEqualTo(Severity.LOW);
    assertThat(DetectionCatalog.builtIn().with(mine).size()).isEqualTo(DetectionCatalog.builtIn().size() + 1);
    assertThatThrownBy(() -> mine.with(mine)).isInstanceOf(InvalidDetectionException.class)
        .hasMessageContaining("already used");
  }

  @Test
  void fileNameMustMatchTheId(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("other-name.yaml"), GOOD);
    assertThatThrownBy(() -> DetectionCatalog.fromDirectory(dir)).isInstanceOf(InvalidDetectionException.class)
        .hasMessageContaining("other-name.yaml").hasMessageContaining("does not match the file name");
  }

  static void invalid(String yaml, String... messageParts) {
    assertThatThrownBy(() -> DetectionCatalog.ofYaml(yaml, "test.yaml")).isInstanceOf(InvalidDetectionException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).startsWith("test.yaml");
          for (String part : messageParts) {
            assertThat(e.getMessage()).contains(part);
          }
        });
  }

  @Test
  void brokenFilesAreRefusedWithMessagesThatSayWhere() {
    invalid("id: [unclosed", "not valid YAML");
    invalid("- a\n- b", "one mapping");
    invalid(GOOD + "colour: red\n", "unknown key 'colour'");
    invalid(GOOD.replace("severity: Low", "severity: Critical"), "High, Medium, Low or Informational");
    invalid(GOOD.replace("severity: Low", "severity: Spicy"), "unknown severity 'Spicy'");
    invalid(GOOD.replace("confidence: Medium", "confidence: Certain"), "unknown confidence");
    invalid(GOOD.replace("T1059", "X1059"), "not of the form T0000");
    invalid(GOOD.replace("process-start", "process-teleport"), "unknown event kind 'process-teleport'");
    invalid(GOOD.replace("condition: event.process.name == 'odd'", "condition: event.process.name =="),
        "detection 'my-detection'", "condition");
    invalid(GOOD.replace("condition: event.process.name == 'odd'", "condition: event.process.name + 'x'"),
        "must give a boolean");
    invalid(GOOD.replace("id: my-detection", "id: My Detection"), "lower-case");
    invalid(GOOD.replace("mitre: {tacticId: TA0002, tactic: Execution, techniqueId: T1059, technique: Command and "
        + "Scripting Interpreter}\n", ""), "'mitre' must be a mapping");
    invalid(GOOD + "kind: threshold\n", "'threshold' is required");
    invalid(GOOD + "kind: threshold\nthreshold: {count: 1, window: 1m, groupBy: [user]}\n", "between 2 and 10000");
    invalid(GOOD + "kind: threshold\nthreshold: {count: 5, window: soon, groupBy: [user]}\n", "not a duration");
    invalid(GOOD + "kind: threshold\nthreshold: {count: 5, window: 1m, groupBy: [colour]}\n",
        "unknown entity type 'colour'");
    invalid(GOOD + "requiredParams: [allowed]\n", "has no entry");
  }

  @Test
  void yamlAliasBombInParametersStaysSmall() {
    // Ten levels of ten aliases each would be 10^10 strings if expanded.
    StringBuilder bomb = new StringBuilder("params:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      bomb.append("  ").append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = c;
    }
    long start = System.nanoTime();
    try {
      Detection d = DetectionCatalog.ofYaml(GOOD + bomb, "bomb.yaml").find("my-detection").orElseThrow();
      assertThat(d.params().toString().length()).isLessThan(100_000);
    } catch (InvalidDetectionException refused) {
      assertThat(refused.getMessage()).startsWith("bomb.yaml");
    }
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void theDetectionListInTheDocsNamesEveryBuiltInDetection() throws Exception {
    Path doc = Path.of("..", "docs", "runtime-detections.md");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(doc), "docs not found at " + doc.toAbsolutePath());
    String text = Files.readString(doc);
    for (Detection d : DetectionCatalog.builtIn().detections()) {
      assertThat(text).as("docs/runtime-detections.md lists " + d.id()).contains("| `" + d.id() + "` |");
    }
  }

  @Test
  void everyBuiltInSelectorNamesKindsItCanSee() {
    for (Detection d : DetectionCatalog.builtIn().detections()) {
      assertThat(d.on().kinds()).as(d.id()).isNotEmpty();
      if (d.on().sources().equals(Set.of(dev.kubeward.runtime.event.EventSource.KUBERNETES_AUDIT))) {
        assertThat(d.on().kinds()).as(d.id()).containsOnly(dev.kubeward.runtime.event.EventKind.API_REQUEST);
      }
    }
  }
}
