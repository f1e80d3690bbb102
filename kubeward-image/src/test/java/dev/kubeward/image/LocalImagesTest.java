package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker save archives and OCI layouts from the shared data, including the deliberately broken layouts. */
class LocalImagesTest {
  @TempDir Path cacheDir;

  static Path data(String name) {
    Path p = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data"),
        "images/trivy/pkg/fanal/test/testdata", name);
    if (!Files.exists(p)) {
      System.err.println("shared data not found at " + p + "; skipping");
    }
    Assumptions.assumeTrue(Files.exists(p), "shared data not found at " + p + "; skipping");
    return p;
  }

  ImageLoader loader() {
    return new ImageLoader(ImageOptions.defaults(new LayerCache(cacheDir, 1L << 30)));
  }

  @Test
  void dockerArchiveLayersAreReadAndVerified() throws Exception {
    try (Image image = loader().open("docker-archive:" + data("alpine-311.tar.gz"))) {
      assertThat(image.layers()).hasSize(1);
      assertThat(image.platform()).isEqualTo(Platform.LINUX_AMD64);
      assertThat(image.configDigest()).isEqualTo("sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72");
      try (InputStream in = image.openLayer(image.layers().get(0))) {
        assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isGreaterThan(1_000_000);
      }
    }
    try (Stream<Path> left = Files.list(cacheDir.resolve("tmp"))) {
      assertThat(left).as("temporary expansion removed on close").isEmpty();
    }
  }

  @Test
  void ociLayoutIsReadWithAndWithoutTag() {
    try (Image image = loader().open("oci:" + data("test.oci"))) {
      assertThat(image.layers()).singleElement().extracting(Layer::digest)
          .isEqualTo("sha256:cdd16bd695eda2819e7637648f573c2ca64896c4f7bff9732ac9db734ca3bc2c");
      assertThat(image.manifestDigest()).isEqualTo("sha256:afb744871f99e0ff8e6f253244836ed34c5d805fdb096d3a205ffaf5e9073cab");
    }
    try (Image image = loader().open("oci:" + data("test_image_tag.oci") + ":0.0.1")) {
      assertThat(image.layers()).hasSize(1);
    }
    assertThatThrownBy(() -> loader().open("oci:" + data("test_image_tag.oci") + ":9.9.9"))
        .isInstanceOf(ImageException.class).hasMessageContaining("no manifest tagged '9.9.9'");
  }

  @Test
  void brokenLayoutsFailWithClearErrors() {
    assertThatThrownBy(() -> loader().open("oci:" + data("test_bad_index_json.oci")))
        .isInstanceOf(ImageException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> loader().open("oci:" + data("test_index_json_dir.oci")))
        .isInstanceOf(ImageException.class).hasMessageContaining("index.json");
    assertThatThrownBy(() -> loader().open("oci:" + data("test_no_valid_manifests.oci")))
        .isInstanceOf(ImageException.class).hasMessageContaining("test_no_valid_manifests.oci");
    assertThatThrownBy(() -> loader().open("oci:" + data("test_invalid_oci_image.oci")))
        .isInstanceOf(ImageException.class).hasMessageContaining("test_invalid_oci_image.oci");
  }

  @Test
  void junkArchivesFailNamingTheImage(@TempDir Path tmp) throws Exception {
    Path junk = tmp.resolve("junk.tar.gz");
    Files.write(junk, java.util.Arrays.copyOf(Files.readAllBytes(data("alpine-310.tar.gz")), 5000));
    assertThatThrownBy(() -> loader().open("docker-archive:" + junk)).isInstanceOf(ImageException.class)
        .hasMessageContaining("junk.tar.gz");
  }
}
