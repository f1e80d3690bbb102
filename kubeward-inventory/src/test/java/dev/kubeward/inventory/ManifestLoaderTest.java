package dev.kubeward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline source against good, broken and hostile input: clear errors with file and line, nothing lost. */
class ManifestLoaderTest {
  @TempDir Path dir;
  final ManifestLoader loader = new ManifestLoader();

  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        replicas: 2
        template:
          spec:
            securityContext:
              fsGroup: 0755
            containers:
            - name: app
              image: nginx:1.27
              ports:
              - containerPort: 8080
      """;

  @Test
  void readsMultiDocumentFilesWithLinesAndNormalisedNumbers() {
    ManifestSet set = loader.parse(DEPLOYMENT + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n",
        "app.yaml");
    assertThat(set.problems()).isEmpty();
    assertThat(set.objects()).extracting(o -> o.ref().key()).containsExactly("Deployment/shop/web", "Service/shop/web");
    assertThat(set.objects().get(1).source()).contains(new SourceLocation("app.yaml", 18));
    Map<String, Object> content = set.objects().get(0).content();
    Object port = ObjectTree.map(ObjectTree.list(ObjectTree.map(content, "spec", "template", "spec"), "containers").get(0))
        .get("ports");
    assertThat(ObjectTree.map(((List<?>) port).get(0)).get("containerPort")).isEqualTo(8080L);
    assertThat(ObjectTree.map(content, "spec", "template", "spec", "securityContext").get("fsGroup"))
        .as("YAML 1.1 octal, as Kubernetes reads it").isEqualTo(493L);
  }

  @Test
  void readsListKindsAndKubectlJsonDumpsWithItemLines() {
    String list = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ServiceAccount
          metadata: {name: a, namespace: shop}
        - apiVersion: v1
          kind: ServiceAccount
          metadata: {name: b, namespace: shop}
        """;
    ManifestSet set = loader.parse(list, "dump.yaml");
    assertThat(set.objects()).extracting(o -> o.ref().name()).containsExactly("a", "b");
    assertThat(set.objects().get(1).source().orElseThrow().line()).isEqualTo(7);
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
        + "\"metadata\":{\"name\":\"p\",\"namespace\":\"x\"},\"spec\":{\"containers\":[]}}]}";
    assertThat(loader.parse(json, "pods.json").objects()).extracting(o -> o.ref().key()).containsExactly("Pod/x/p");
  }

  @Test
  void aBrokenDocumentIsReportedWithFileAndLineAndTheRestStillLoads() throws IOException {
    Path file = dir.resolve("mixed.yaml");
    Files.writeString(file, DEPLOYMENT + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n---\n"
        + "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: after\n  namespace: shop\n");
    ManifestSet set = loader.load(List.of(file));
    assertThat(set.objects()).extracting(o -> o.ref().name()).containsExactly("web", "after");
    assertThat(set.errors()).singleElement().satisfies(p -> {
      assertThat(p.location().file()).isEqualTo(file.toString());
      assertThat(p.location().line()).isBetween(18, 23);
      assertThat(p.message()).startsWith("invalid YAML");
    });
  }

  @Test
  void objectsWithoutKindOrNameAreErrorsAndForeignYamlIsSkipped() {
    ManifestSet set = loader.parse("apiVersion: v1\nkind: Pod\nmetadata: {}\n---\nkind: Pod\nmetadata: {name: x}\n---\n"
        + "version: 0.1\nstorage: {}\n---\n- just\n- a list\n", "bad.yaml");
    assertThat(set.objects()).isEmpty();
    assertThat(set.errors()).extracting(LoadProblem::message).containsExactly(
        "not a Kubernetes object: Pod has no metadata.name", "not a Kubernetes object: Pod has no apiVersion",
        "the document is not a Kubernetes object (expected a mapping, found a list)");
    assertThat(set.problems()).filteredOn(LoadProblem::skipped).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("no apiVersion or kind"));
  }

  @Test
  void unknownKindsLoadAsObjects() {
    ManifestSet set = loader.parse("apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: mon}\n",
        "crd.yaml");
    assertThat(set.problems()).isEmpty();
    assertThat(set.toInventory().get(set.objects().get(0).ref())).isPresent();
  }

  @Test
  void yamlBombsAreRefusedQuickly() {
    StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
    bomb.append("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = String.valueOf(c);
    }
    long start = System.nanoTime();
    ManifestSet set = loader.parse(bomb.toString(), "bomb.yaml");
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
    assertThat(set.objects()).isEmpty();
    assertThat(set.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("aliases"));
  }

  @Test
  void deeplyNestedYamlAndJsonAreRefused() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    assertThat(loader.parse(yaml, "deep.yaml").errors()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("nested"));
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\"},\"x\":"
        + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThat(loader.parse(json, "deep.json").errors()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("nested"));
  }

  @Test
  void aFiftyMegabyteManifestLoadsWithBoundedMemoryAndAnOversizedOneIsRefused() throws IOException {
    Path big = dir.resolve("big.yaml");
    int objects = 0;
    try (Writer w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      long written = 0;
      String padding = "x".repeat(900);
      while (written < 50L * 1024 * 1024) {
        String doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + objects + "\n  namespace: big\n"
            + "data:\n  note: " + padding + "\n";
        w.write(doc);
        written += doc.length();
        objects++;
      }
    }
    Runtime rt = Runtime.getRuntime();
    ManifestSet set = loader.load(List.of(big));
    assertThat(set.errors()).isEmpty();
    assertThat(set.objects()).hasSize(objects);
    long stored = set.objects().stream().mapToLong(KubeObject::jsonSize).sum();
    assertThat(stored).as("ConfigMap values are not kept").isLessThan(objects * 200L);
    assertThat(rt.totalMemory()).isLessThan(rt.maxMemory() + 1);

    ManifestSet refused = new ManifestLoader(10L * 1024 * 1024).load(List.of(big));
    assertThat(refused.objects()).isEmpty();
    assertThat(refused.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("larger than the limit"));
  }

  @Test
  void truncatedAndBinaryFilesAreClearErrors() throws IOException {
    Path truncated = dir.resolve("truncated.json");
    Files.writeString(truncated, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":");
    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    ManifestSet set = loader.load(List.of(truncated, binary, dir.resolve("missing.yaml")));
    assertThat(set.errors()).extracting(p -> p.location().file() + ": " + p.message()).satisfiesExactly(
        m -> assertThat(m).startsWith(truncated + ": invalid JSON"),
        m -> assertThat(m).isEqualTo(binary + ": not UTF-8 text"),
        m -> assertThat(m).endsWith("missing.yaml: no such file or folder"));
  }

  @Test
  void secretsNeverKeepTheirDataAndConfigMapsKeepOnlyKeys() {
    ManifestSet set = loader.parse("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: shop
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
        data:
          password: aHVudGVyMg==
        stringData:
          user: admin
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data:
          DB_PASSWORD: hunter2
        """, "secret.yaml");
    assertThat(set.objects().get(0).json()).doesNotContain("aHVudGVyMg").doesNotContain("admin").doesNotContain("password");
    assertThat(set.objects().get(1).json()).contains("DB_PASSWORD").doesNotContain("hunter2");
  }

  @Test
  void helmChartsAreReadFromRenderedTemplatesOnly() throws IOException {
    Path chart = Files.createDirectories(dir.resolve("chart/templates"));
    Files.writeString(dir.resolve("chart/Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
    Files.writeString(dir.resolve("chart/values.yaml"), "replicas: 1\n");
    Files.writeString(chart.resolve("plain.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: plain}\n");
    Files.writeString(chart.resolve("templated.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}\n");
    ManifestSet set = loader.load(List.of(dir));
    assertThat(set.objects()).extracting(o -> o.ref().name()).containsExactly("plain");
    assertThat(set.errors()).isEmpty();
    assertThat(set.problems()).singleElement().satisfies(p -> {
      assertThat(p.skipped()).isTrue();
      assertThat(p.location().file()).endsWith("templated.yaml");
    });
  }
}
