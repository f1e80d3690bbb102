package dev.kubeward.runtime.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.runtime.Fixtures;
import dev.kubeward.runtime.drift.DriftAction;
import dev.kubeward.runtime.drift.DriftEvaluator;
import dev.kubeward.runtime.drift.DriftPolicy;
import dev.kubeward.runtime.drift.ImageFileIndex;
import dev.kubeward.runtime.drift.LabelSelector;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.SensorFinding;
import dev.kubeward.runtime.pipeline.TestAlerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one test for every detection: each file in {@code src/test/resources/detections/<id>/} holds native sensor
 * events; files named {@code alert.*.yaml} must make the detection fire, files named {@code no-alert.*.yaml} must not.
 * Events run through the real format and an engine with every built-in detection on.
 *
 * <p>Fixture keys: {@code format} (event format id), {@code events} (list of native documents), optional
 * {@code cluster}, {@code params} (overrides for the detection under test), {@code expectHits} (exact number),
 * {@code imageFiles} (image reference to list of files, for drift) and {@code driftPolicies}.
 */
class DetectionFixturesTest {
  static final DetectionCatalog CATALOG = DetectionCatalog.builtIn();
  static final Path ROOT = Fixtures.testResource("detections");

  static Stream<Arguments> fixtures() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.sorted().toList()) {
            out.add(Arguments.of(dir.getFileName().toString(), f.getFileName().toString()));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("fixtures")
  void detectionBehavesAsTheFixtureNameSays(String detectionId, String fixture) throws Exception {
    assertThat(CATALOG.find(detectionId)).as("fixture folder names a built-in detection").isPresent();
    assertThat(fixture).as("fixture names start with alert. or no-alert.").matches("(alert|no-alert)\\..+\\.yaml");
    JsonNode doc = Fixtures.YAML.readTree(ROOT.resolve(detectionId).resolve(fixture).toFile());
    List<JsonNode> documents = new ArrayList<>();
    doc.path("events").forEach(documents::add);
    assertThat(documents).as("fixture has events").isNotEmpty();
    String cluster = doc.path("cluster").asText("test-cluster");
    List<RuntimeEvent> events = doc.path("format").asText().equals("kubeward-test-request")
        ? testRequests(documents, cluster)
        : Fixtures.events(doc.path("format").asText(), documents, cluster);

    Map<String, Map<String, Object>> params = new HashMap<>();
    if (doc.has("params")) {
      params.put(detectionId, Fixtures.JSON.convertValue(doc.get("params"), Map.class));
    }
    DetectionEngine engine = DetectionEngine.builder(CATALOG)
        .settings(new DetectionSettings(Set.of(), params))
        .drift(drift(doc))
        .build();
    long hits = engine.processAll(events).stream().filter(h -> h.detection().id().equals(detectionId)).count();
    List<DetectionStatus> errors = engine.status().stream().filter(s -> s.errors() > 0).toList();
    assertThat(errors).as("no detection fails to evaluate on this fixture's events").isEmpty();

    if (fixture.startsWith("alert.")) {
      if (doc.has("expectHits")) {
        assertThat(hits).as(detectionId + " hits on " + fixture).isEqualTo(doc.get("expectHits").asLong());
      } else {
        assertThat(hits).as(detectionId + " hits on " + fixture).isPositive();
      }
    } else {
      assertThat(hits).as(detectionId + " hits on " + fixture).isZero();
    }
  }

  @Test
  void everyDetectionHasFixturesOfBothOutcomes() throws IOException {
    for (Detection d : CATALOG.detections()) {
      Path dir = ROOT.resolve(d.id());
      assertThat(dir).as("fixture folder for " + d.id()).isDirectory();
      try (Stream<Path> files = Files.list(dir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).toList();
        assertThat(names).as(d.id() + " has an alert fixture").anyMatch(n -> n.startsWith("alert."));
        assertThat(names).as(d.id() + " has a no-alert fixture").anyMatch(n -> n.startsWith("no-alert."));
      }
    }
  }

  /** Test alert requests are not sensor input: the server builds their events directly, as here. */
  private static List<RuntimeEvent> testRequests(List<JsonNode> documents, String cluster) {
    List<RuntimeEvent> out = new ArrayList<>();
    for (JsonNode d : documents) {
      RuntimeEvent e = TestAlerts.event(cluster, d.path("requestedBy").asText(), d.path("requestId").asText(),
          java.time.Instant.parse("2024-05-01T10:00:00Z"));
      if (d.has("rule")) {
        e = e.toBuilder().sensor(new SensorFinding(d.get("rule").asText(), "", List.of(), "", Map.of())).build();
      }
      out.add(e);
    }
    return out;
  }

  private static DriftEvaluator drift(JsonNode doc) {
    Map<String, List<String>> files = new HashMap<>();
    doc.path("imageFiles").fields().forEachRemaining(e -> {
      List<String> paths = new ArrayList<>();
      e.getValue().forEach(p -> paths.add(p.asText()));
      files.put(e.getKey(), paths);
    });
    ImageFileIndex index = files.isEmpty() ? ImageFileIndex.NONE : (digest, image, path) ->
        !files.containsKey(image) ? ImageFileIndex.Knowledge.UNKNOWN
            : files.get(image).contains(path) ? ImageFileIndex.Knowledge.IN_IMAGE
                : ImageFileIndex.Knowledge.NOT_IN_IMAGE;
    List<DriftPolicy> policies = new ArrayList<>();
    for (JsonNode p : doc.path("driftPolicies")) {
      Map<String, String> labels = new HashMap<>();
      p.path("matchLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      policies.add(new DriftPolicy(p.path("id").asText(), p.path("name").asText(null),
          DriftAction.valueOf(p.path("action").asText().toUpperCase()), strings(p, "clusters"),
          strings(p, "namespaces"), new LabelSelector(labels, List.of()), strings(p, "images"), strings(p, "paths")));
    }
    return new DriftEvaluator(index, policies);
  }

  private static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    n.path(field).forEach(x -> out.add(x.asText()));
    return out;
  }
}
