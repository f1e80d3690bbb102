package dev.kubeward.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubeward.runtime.event.EventFormats;
import dev.kubeward.runtime.event.EventInputException;
import dev.kubeward.runtime.event.IngestContext;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Test helpers: fixture files, shared data and events from native sensor JSON. */
public final class Fixtures {
  public static final ObjectMapper YAML = new YAMLMapper();
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final EventFormats FORMATS = EventFormats.load();

  private Fixtures() {}

  /** A folder of the test resources. */
  public static Path testResource(String name) {
    try {
      return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " missing", e);
    }
  }

  /** The shared data folder, or a skipped test (with a visible message) when it is absent. */
  public static Path sharedData(String sub) {
    String root = System.getProperty("kubeward.shared.data", "../shared/data");
    Path dir = Path.of(root).resolve(sub);
    if (!Files.isDirectory(dir)) {
      String msg = "shared data not found at " + dir.toAbsolutePath() + "; skipping";
      System.err.println(msg);
      Assumptions.assumeTrue(false, msg);
    }
    return dir;
  }

  /** Events from native JSON documents (one per list entry) in the given format. */
  public static List<RuntimeEvent> events(String format, List<JsonNode> documents, String cluster)
      throws EventInputException, IOException {
    StringBuilder lines = new StringBuilder();
    for (JsonNode d : documents) {
      lines.append(JSON.writeValueAsString(d)).append('\n');
    }
    List<RuntimeEvent> out = new ArrayList<>();
    FORMATS.stream(format, new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), "fixture",
        new IngestContext(cluster, "fixture", Instant.parse("2024-05-01T00:00:00Z")), IngestLimits.DEFAULT,
        out::add);
    return out;
  }

  /** A batch context for tests. */
  public static IngestContext context(String batchId) {
    return new IngestContext("c1", batchId, Instant.parse("2024-05-01T00:00:00Z"));
  }
}
