package dev.kubeward.runtime.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.runtime.Fixtures;
import dev.kubeward.runtime.event.EventInputException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion of the three event formats: what a good batch gives, and how every kind of bad batch is refused. */
class EventFormatsTest {
  static final EventFormats FORMATS = EventFormats.load();

  static final String AUDIT_EXEC = """
      {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"e1","stage":"ResponseStarted",
       "requestURI":"/api/v1/namespaces/shop/pods/web-7d4b9c6f5d-x2x9z/exec?command=sh&command=-c&command=cat%20%2Fetc%2Fshadow&container=web&tty=true",
       "verb":"create","user":{"username":"alice","groups":["dev"]},"sourceIPs":["203.0.113.7"],
       "objectRef":{"resource":"pods","namespace":"shop","name":"web-7d4b9c6f5d-x2x9z","subresource":"exec"},
       "responseStatus":{"code":101},"annotations":{"authorization.k8s.io/decision":"allow"},
       "stageTimestamp":"2024-05-01T10:00:00.5Z"}""";

  static EventBatch parse(String format, String body) throws EventInputException {
    return FORMATS.parseBatch(format, in(body), Fixtures.context("b-1"), IngestLimits.DEFAULT);
  }

  static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void registryFindsTheThreeFormatsThroughServiceLoader() {
    assertThat(FORMATS.all()).extracting(EventFormat::id).containsExactly("falco", "kubernetes-audit", "tetragon");
  }

  @Test
  void auditEventListFromTheWebhookBackendIsNormalized() throws Exception {
    EventBatch batch = parse("kubernetes-audit", "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\","
        + "\"metadata\":{},\"items\":[" + AUDIT_EXEC + "," + AUDIT_EXEC.replace("\"e1\"", "\"e2\"") + "]}");
    assertThat(batch.events()).hasSize(2);
    RuntimeEvent e = batch.events().get(0);
    assertThat(e.id()).isEqualTo("kubernetes-audit:e1:ResponseStarted");
    assertThat(e.source()).isEqualTo(EventSource.KUBERNETES_AUDIT);
    assertThat(e.kind()).isEqualTo(EventKind.API_REQUEST);
    assertThat(e.cluster()).isEqualTo("c1");
    assertThat(e.namespace()).isEqualTo("shop");
    assertThat(e.pod()).isEqualTo("web-7d4b9c6f5d-x2x9z");
    assertThat(e.workload()).isEqualTo(new WorkloadRef("Deployment", "web"));
    assertThat(e.container()).isEqualTo("web");
    assertThat(e.user().name()).isEqualTo("alice");
    assertThat(e.api().verb()).isEqualTo("create");
    assertThat(e.api().resourcePath()).isEqualTo("pods/exec");
    assertThat(e.api().allowed()).isTrue();
    assertThat(e.api().sourceIps()).containsExactly("203.0.113.7");
    assertThat(e.process().commandLine()).isEqualTo("sh -c cat /etc/shadow");
    assertThat(e.process().tty()).isTrue();
    assertThat(e.time()).isEqualTo("2024-05-01T10:00:00.500Z");
    assertThat(e.raw()).isEqualTo(new RawRef("kubernetes-audit", "b-1", 0));
    assertThat(batch.events().get(1).raw().index()).isEqualTo(1);
  }

  @Test
  void auditKindAfterItemsIsStillChecked() {
    String body = "{\"items\":[" + AUDIT_EXEC + "],\"kind\":\"PodList\",\"apiVersion\":\"v1\"}";
    assertThatThrownBy(() -> parse("kubernetes-audit", body)).isInstanceOf(EventInputException.class)
        .hasMessageContaining("PodList").extracting(e -> ((EventInputException) e).reason())
        .isEqualTo(Reason.UNKNOWN_EVENT_TYPE);
  }

  @Test
  void auditLogFileLinesAndGzipAreRead(@TempDir Path dir) throws Exception {
    String lines = AUDIT_EXEC.replace("\n", "") + "\n" + AUDIT_EXEC.replace("\n", "").replace("\"e1\"", "\"e2\"") + "\n";
    Path gz = dir.resolve("audit.log.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(lines.getBytes(StandardCharsets.UTF_8));
    }
    List<RuntimeEvent> events = new ArrayList<>();
    long n = FORMATS.readFile(gz, null, Fixtures.context("audit.log.gz"), IngestLimits.DEFAULT, events::add);
    assertThat(n).isEqualTo(2);
    assertThat(events).extracting(e -> e.api().auditId()).containsExactly("e1", "e2");
  }

  @Test
  @SuppressWarnings("unchecked")
  void secretValuesNeverReachTheNormalizedEvent() throws Exception {
    String secret = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"s1\",\"stage\":\"ResponseComplete\","
        + "\"verb\":\"create\",\"user\":{\"username\":\"alice\"},\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"shop\","
        + "\"name\":\"db\"},\"responseStatus\":{\"code\":201},\"requestObject\":{\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},"
        + "\"data\":{\"password\":\"c3VwZXJzZWNyZXQ=\",\"key\":\"LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\"},"
        + "\"stringData\":{\"aws\":\"AKIAIOSFODNN7EXAMPLE\"}}}";
    RuntimeEvent e = parse("kubernetes-audit", secret).events().get(0);
    assertThat(e.api().object().toString()).doesNotContain("c3VwZXJzZWNyZXQ", "supersecret", "AKIAIOSFODNN7EXAMPLE");
    assertThat((Map<Object, Object>) e.api().object().get("data")).containsEntry("password", "<redacted>")
        .containsEntry("key", "<redacted:private-key>");
    assertThat((Map<Object, Object>) e.api().object().get("stringData")).containsEntry("aws", "<redacted:aws-access-key>");
  }

  @Test
  void realTetragonExamplesFromTheSharedDataAreAllRead() throws Exception {
    Path dir = Fixtures.sharedData("runtime/tetragon");
    List<Path> files;
    try (var s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(30);
    List<RuntimeEvent> all = new ArrayList<>();
    for (Path f : files) {
      FORMATS.readFile(f, null, Fixtures.context(f.getFileName().toString()), IngestLimits.DEFAULT, all::add);
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(files.size());
    RuntimeEvent nsenter = all.stream().filter(e -> e.process().name().equals("nsenter")).findFirst().orElseThrow();
    assertThat(nsenter.kind()).isEqualTo(EventKind.PROCESS_START);
    assertThat(nsenter.namespace()).isEqualTo("default");
    assertThat(nsenter.pod()).isEqualTo("privileged-pod");
    assertThat(nsenter.image()).isEqualTo("nginx:latest");
    assertThat(nsenter.imageDigest()).startsWith("sha256:0d17b565");
    assertThat(nsenter.process().arguments()).isEqualTo("-t 1 -m -u -n -i -p bash");
    assertThat(nsenter.parent().executable()).isEqualTo("/bin/bash");
    assertThat(nsenter.node()).isEqualTo("minikube");
    RuntimeEvent write = all.stream().filter(e -> e.kind() == EventKind.FILE_ACCESS).filter(e -> e.process().name()
        .equals("vi")).findFirst().orElseThrow();
    assertThat(write.file()).isEqualTo(new FileAccess("/etc/passwd", "write"));
    RuntimeEvent connect = all.stream().filter(e -> e.kind() == EventKind.NETWORK_CONNECT
        && e.process().name().equals("curl")).findFirst().orElseThrow();
    assertThat(connect.network().destinationIp()).isEqualTo("142.250.180.196");
    assertThat(connect.network().destinationPort()).isEqualTo(80);
    assertThat(connect.workload()).isEqualTo(new WorkloadRef("Deployment", "elasticsearch"));
    assertThat(all).anyMatch(e -> e.kind() == EventKind.PROCESS_EXIT);
    assertThat(all).anyMatch(e -> e.kind() == EventKind.NETWORK_LISTEN && e.network().sourcePort() == 80);
  }

  @Test
  void realFalcosidekickPayloadsAreRead() throws Exception {
    Path dir = Fixtures.sharedData("runtime/falcosidekick");
    RuntimeEvent readme = FORMATS.parseBatch("falco", Files.newInputStream(dir.resolve("readme-example-event.json")),
        Fixtures.context("sk-1"), IngestLimits.DEFAULT).events().get(0);
    assertThat(readme.sensor().rule()).isEqualTo("Write below binary dir");
    assertThat(readme.sensor().priority()).isEqualTo("Error");
    assertThat(readme.process().commandLine()).isEqualTo("touch /bin/hack");
    assertThat(readme.file().path()).isEqualTo("/bin/hack");
    assertThat(readme.user().name()).isEqualTo("root");
    assertThat(readme.node()).isEqualTo("localhost");
    assertThat(readme.time()).isEqualTo("2019-05-17T15:31:56.746609046Z");
    RuntimeEvent test = FORMATS.parseBatch("falco", Files.newInputStream(dir.resolve("test-input-event.json")),
        Fixtures.context("sk-2"), IngestLimits.DEFAULT).events().get(0);
    assertThat(test.sensor().tags()).containsExactly("test", "example");
    assertThat(test.process().name()).isEqualTo("falcosidekick");
    assertThat(test.process().tty()).isTrue();
  }

  @Test
  void formatIsDetectedFromTheFirstDocument(@TempDir Path dir) throws Exception {
    Path falco = dir.resolve("falco.json");
    Files.writeString(falco, "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-05-01T10:00:00Z\",\"output\":\"o\"}");
    assertThat(FORMATS.detect(falco, IngestLimits.DEFAULT).id()).isEqualTo("falco");
    Path unknown = dir.resolve("x.json");
    Files.writeString(unknown, "{\"hello\":\"world\"}");
    assertThatThrownBy(() -> FORMATS.detect(unknown, IngestLimits.DEFAULT)).isInstanceOf(EventInputException.class)
        .hasMessageContaining("x.json").hasMessageContaining("not a known event format");
  }

  // ---- hostile and broken input: the batch is refused as a whole, with a message naming where and why ----

  static EventInputException rejected(String format, String body, IngestLimits limits) {
    try {
      FORMATS.parseBatch(format, in(body), Fixtures.context("bad-1"), limits);
    } catch (EventInputException e) {
      assertThat(e.getMessage()).startsWith("batch bad-1");
      return e;
    }
    throw new AssertionError("batch was accepted: " + body.substring(0, Math.min(80, body.length())));
  }

  static EventInputException rejected(String format, String body) {
    return rejected(format, body, IngestLimits.DEFAULT);
  }

  @Test
  void notJsonIsMalformed() {
    EventInputException e = rejected("falco", "this is not json");
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).contains("line 1");
  }

  @Test
  void truncatedBatchIsRefusedEvenIfItsFirstEventsWereFine() {
    String good = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + AUDIT_EXEC + ",";
    EventInputException e = rejected("kubernetes-audit", good + AUDIT_EXEC.substring(0, 60));
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void oneBadEventRejectsTheWholeBatch() {
    String body = "[" + AUDIT_EXEC + ",{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"ResponseComplete\"}]";
    EventInputException e = rejected("kubernetes-audit", body);
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).contains("lacks auditID");
  }

  @Test
  void unknownTetragonEventTypeIsNamed() {
    EventInputException e = rejected("tetragon", "{\"process_teleport\":{\"process\":{}},\"node_name\":\"n\"}");
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_EVENT_TYPE);
    assertThat(e.getMessage()).contains("process_teleport");
  }

  @Test
  void scalarsAtTopLevelAreMalformed() {
    assertThat(rejected("tetragon", "42").getMessage()).contains("found a number");
    assertThat(rejected("falco", "\"x\"").reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void wrongShapesAreMalformedNotCrashes() {
    assertThat(rejected("falco", "{\"rule\":{\"a\":1},\"priority\":\"x\"}").reason()).isEqualTo(Reason.MALFORMED);
    assertThat(rejected("falco", "{\"rule\":\"r\",\"time\":\"2024-05-01T10:00:00Z\",\"output_fields\":[1]}").reason())
        .isEqualTo(Reason.MALFORMED);
    assertThat(rejected("kubernetes-audit", "{\"auditID\":\"a\",\"verb\":\"get\",\"stage\":\"ResponseComplete\",\"user\":\"root\"}")
        .reason()).isEqualTo(Reason.MALFORMED);
    assertThat(rejected("tetragon", "{\"process_exec\":[1,2]}").reason()).isEqualTo(Reason.MALFORMED);
    assertThat(rejected("kubernetes-audit", "[1]").reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void emptyBodyIsRefused() {
    assertThat(rejected("falco", "").getMessage()).contains("empty body");
  }

  @Test
  void unknownFormatIsUnsupported() {
    EventInputException e = rejected2("sysdig");
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    assertThat(e.getMessage()).contains("kubernetes-audit");
  }

  private static EventInputException rejected2(String format) {
    try {
      FORMATS.parseBatch(format, in("{}"), Fixtures.context("x"), IngestLimits.DEFAULT);
      throw new AssertionError("accepted");
    } catch (EventInputException e) {
      return e;
    }
  }

  @Test
  void oversizedBatchIsTooLarge() {
    IngestLimits small = new IngestLimits(4096, 1000, 2048, 64, 10_000);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-05-01T10:00:00Z\"}");
    }
    EventInputException e = rejected("falco", sb.append("]").toString(), small);
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.getMessage()).contains("4096 bytes");
  }

  @Test
  void oversizedSingleEventIsTooLarge() {
    IngestLimits limits = new IngestLimits(1 << 24, 1000, 10_000, 64, 1 << 20);
    StringBuilder big = new StringBuilder("{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-05-01T10:00:00Z\",\"output_fields\":{");
    for (int i = 0; i < 2000; i++) {
      big.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"").append("x".repeat(20)).append('"');
    }
    EventInputException e = rejected("falco", big.append("}}").toString(), limits);
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.getMessage()).contains("one event is larger than 10000 bytes");
  }

  @Test
  void hugeStringIsTooLarge() {
    IngestLimits limits = new IngestLimits(1 << 24, 1000, 1 << 23, 64, 100_000);
    EventInputException e = rejected("falco", "{\"rule\":\"" + "A".repeat(200_000) + "\"}", limits);
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void nestingBombIsTooLarge() {
    String bomb = "[".repeat(5000) + "]".repeat(5000);
    EventInputException e = rejected("tetragon", "{\"process_exec\":{\"process\":" + bomb + "}}");
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void tooManyEventsIsRefused() {
    IngestLimits limits = new IngestLimits(1 << 24, 3, 1 << 20, 64, 1 << 20);
    String one = "{\"rule\":\"r\",\"priority\":\"Notice\",\"time\":\"2024-05-01T10:00:00Z\"}\n";
    EventInputException e = rejected("falco", one.repeat(4), limits);
    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_EVENTS);
  }

  @Test
  void fileErrorsNameTheFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("audit.log");
    Files.writeString(f, AUDIT_EXEC.replace("\n", "") + "\n{\"auditID\":\"x\",\"verb\":\"get\",\"stage\":\"Bogus\"}\n");
    assertThatThrownBy(() -> FORMATS.readFile(f, "kubernetes-audit", Fixtures.context("audit.log"), IngestLimits.DEFAULT,
        e -> { })).isInstanceOf(EventInputException.class).hasMessageContaining("audit.log, line 2")
        .hasMessageContaining("unknown stage 'Bogus'");
  }
}
