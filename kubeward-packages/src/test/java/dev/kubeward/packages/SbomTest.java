package dev.kubeward.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.image.Image;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.model.InstalledPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBOM out (CycloneDX 1.6, SPDX 2.3) and back in give the same packages. */
class SbomTest {
  @TempDir static Path dir;
  static ScanReport alpine;
  static final SbomWriter WRITER = new SbomWriter(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), "test");

  @BeforeAll
  static void scanAlpine() {
    LayerCache cache = new LayerCache(dir.resolve("cache"), 1L << 30);
    try (Image image = new ImageLoader(ImageOptions.defaults(cache))
        .open("docker-archive:" + SharedData.image("alpine-310.tar.gz"))) {
      alpine = new PackageScanner(cache).scan(image);
    }
  }

  private static List<String> keys(List<InstalledPackage> ps) {
    return ps.stream().map(p -> p.ecosystem() + " " + p.name() + " " + p.version() + " " + p.purl() + " " + p.layerDigest())
        .sorted().toList();
  }

  @Test
  void cycloneDxIsValidVersion16AndReadsBackToTheSamePackages() throws Exception {
    String json = WRITER.cycloneDx(alpine);
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16)).isEmpty();
    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(tree.path("components")).hasSize(15); // the OS and 14 packages

    Path file = dir.resolve("bom.cdx.json");
    Files.writeString(file, json);
    ScanReport back = SbomReader.read(file);
    assertThat(back.os().ecosystem()).isEqualTo(alpine.os().ecosystem());
    assertThat(keys(back.packages())).isEqualTo(keys(alpine.packages()));
    assertThat(WRITER.cycloneDx(alpine)).as("deterministic").isEqualTo(json);
  }

  @Test
  void spdxReadsBackToTheSamePackages() throws IOException {
    String json = WRITER.spdx(alpine);
    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(tree.path("creationInfo").path("created").asText()).isEqualTo("2026-01-02T03:04:05Z");
    Path file = dir.resolve("bom.spdx.json");
    Files.writeString(file, json);
    ScanReport back = SbomReader.read(file);
    assertThat(back.packages()).extracting(p -> p.name() + " " + p.version() + " " + p.purl())
        .containsExactlyElementsOf(alpine.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.purl()).toList());
    assertThat(back.os().versionId()).isEqualTo("3.10.4");
  }

  @Test
  void malformedSbomsAreRefusedNamingTheFile() throws IOException {
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "{\"bomFormat\": \"CycloneDX\", \"components\": [");
    assertThatThrownBy(() -> SbomReader.read(junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.json").hasMessageContaining("not valid JSON");
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"hello\": 1}");
    assertThatThrownBy(() -> SbomReader.read(other)).hasMessageContaining("neither a CycloneDX");
    Path noPurl = dir.resolve("nopurl.json");
    Files.writeString(noPurl, "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"type\":\"library\",\"name\":\"x\",\"version\":\"1\"},"
        + "{\"type\":\"library\",\"name\":\"lodash\",\"purl\":\"pkg:npm/lodash@4.17.20\"}]}");
    ScanReport r = SbomReader.read(noPurl);
    assertThat(r.packages()).extracting(InstalledPackage::name).containsExactly("lodash");
    assertThat(r.warnings()).anyMatch(w -> w.contains("'x' has no purl"));
  }
}
