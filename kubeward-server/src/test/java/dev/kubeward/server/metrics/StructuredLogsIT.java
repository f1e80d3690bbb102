package dev.kubeward.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ServerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code KUBEWARD_LOG_FORMAT=ecs} turns the console log into one JSON object per line; a wrong value stops the start. */
class StructuredLogsIT {

  @Test
  void ecsFormatWritesOneJsonObjectPerLine(@TempDir Path dir) throws Exception {
    Run run = run(dir, "ecs");
    assertThat(run.exit).as(run.output).isZero();
    List<String> lines = run.output.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).isNotEmpty();
    JsonMapper json = JsonMapper.builder().build();
    JsonNode started = null;
    for (String line : lines) {
      JsonNode n = json.readTree(line); // every line parses: nothing plain-text slips through
      if (n.path("message").asString("").startsWith("test server started on port")) {
        started = n;
      }
    }
    assertThat(started).as("the server's line in\n" + run.output).isNotNull();
    assertThat(started.path("@timestamp").asString("")).isNotEmpty();
    assertThat(started.path("log").path("level").asString(started.path("log.level").asString(""))).isEqualTo("INFO");
    assertThat(started.path("service").path("name").asString(started.path("service.name").asString("")))
        .isEqualTo("kubeward");
  }

  @Test
  void anUnknownFormatIsRefusedAtStart(@TempDir Path dir) throws Exception {
    Run run = run(dir, "xml");
    assertThat(run.exit).isNotZero();
    assertThat(run.output).contains("KUBEWARD_LOG_FORMAT must be one of text, ecs, logstash, gelf");
  }

  record Run(int exit, String output) {}

  static Run run(Path dir, String format) throws Exception {
    Path out = dir.resolve("out.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
        dir.resolve("data").toString());
    pb.environment().put("KUBEWARD_LOG_FORMAT", format);
    pb.environment().remove("KUBEWARD_DB_URL");
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("server process did not stop: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out));
  }
}
