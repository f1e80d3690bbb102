package dev.kubeward.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.image.Image;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.Platform;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages across layers: who introduced what, whiteouts, platform selection, and hostile layers. */
class MultiLayerScanTest {
  @TempDir Path tmp;

  static final String STATUS_1 = "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4\n\n"
      + "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1\n";
  static final String STATUS_2 = STATUS_1 + "\nPackage: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1-10\n";
  static final String STATUS_3 = STATUS_2.replace("3.0.11-1", "3.0.13-1");
  static final String OS = "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";

  private ScanReport scan(String spec, LayerCache cache, Platform platform) {
    try (Image image = new ImageLoader(ImageOptions.defaults(cache).withPlatform(platform)).open(spec)) {
      return new PackageScanner(cache).scan(image);
    }
  }

  @Test
  void everyPackageIsAttributedToTheLayerThatIntroducedIt() throws Exception {
    OciImageBuilder b = new OciImageBuilder(tmp.resolve("layout"));
    List<byte[]> layers = List.of(
        new OciImageBuilder.LayerTar().file("usr/lib/os-release", OS).symlink("etc/os-release", "../usr/lib/os-release")
            .file("var/lib/dpkg/status", STATUS_1).bytes(),
        new OciImageBuilder.LayerTar().file("var/lib/dpkg/status", STATUS_2)
            .file("app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}")
            .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}").bytes(),
        new OciImageBuilder.LayerTar().file("var/lib/dpkg/status", STATUS_3).whiteout("app/node_modules/left-pad").bytes());
    b.image("linux", "amd64", OciImageBuilder.Compression.GZIP, layers);
    b.write(null);
    LayerCache cache = new LayerCache(tmp.resolve("cache"), 1L << 30);
    ScanReport r = scan("oci:" + tmp.resolve("layout"), cache, Platform.LINUX_AMD64);

    List<String> digests = r.image().layers().stream().map(l -> l.layer().digest()).toList();
    Map<String, InstalledPackage> byName = r.packages().stream()
        .collect(Collectors.toMap(InstalledPackage::name, Function.identity()));
    assertThat(byName).containsOnlyKeys("base-files", "libssl3", "curl", "lodash");
    assertThat(byName.get("base-files").layerDigest()).isEqualTo(digests.get(0));
    assertThat(byName.get("curl").layerDigest()).isEqualTo(digests.get(1));
    assertThat(byName.get("libssl3").layerDigest()).as("upgraded in layer 3").isEqualTo(digests.get(2));
    assertThat(byName.get("libssl3").version()).isEqualTo("3.0.13-1");
    assertThat(byName.get("lodash").layerDigest()).isEqualTo(digests.get(1));
    assertThat(byName.get("lodash").locations()).containsExactly("app/node_modules/lodash/package.json");
    assertThat(r.os().ecosystem()).isEqualTo(Ecosystem.DEBIAN);
    assertThat(r.os().codename()).isEqualTo("bookworm");
    assertThat(byName.get("libssl3").purl())
        .isEqualTo("pkg:deb/debian/libssl3@3.0.13-1?arch=amd64&distro=debian-12&upstream=openssl");
  }

  @Test
  void theRightPlatformIsPickedFromAnIndexAndZstdLayersWork() throws Exception {
    OciImageBuilder b = new OciImageBuilder(tmp.resolve("multi"));
    b.image("linux", "amd64", OciImageBuilder.Compression.ZSTD,
        List.of(new OciImageBuilder.LayerTar().file("etc/alpine-release", "3.19.1\n")
            .file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n").bytes()));
    b.image("linux", "arm64", OciImageBuilder.Compression.NONE,
        List.of(new OciImageBuilder.LayerTar().file("etc/alpine-release", "3.19.1\n")
            .file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:aarch64\n").bytes()));
    b.write("1.0");
    LayerCache cache = new LayerCache(tmp.resolve("cache"), 1L << 30);
    String spec = "oci:" + tmp.resolve("multi") + ":1.0";
    assertThat(scan(spec, cache, Platform.LINUX_AMD64).packages().get(0).purl()).contains("arch=x86_64");
    ScanReport arm = scan(spec, cache, Platform.parse("linux/arm64"));
    assertThat(arm.packages().get(0).purl()).contains("arch=aarch64");
    assertThat(arm.image().platform()).isEqualTo("linux/arm64");
    assertThatThrownBy(() -> scan(spec, cache, Platform.parse("linux/s390x"))).isInstanceOf(ImageException.class)
        .hasMessageContaining("no manifest for platform linux/s390x").hasMessageContaining("linux/amd64, linux/arm64");
  }

  @Test
  void aHostileImageFailsNamingItsLayerAndTheNextImageStillScans() throws Exception {
    OciImageBuilder bad = new OciImageBuilder(tmp.resolve("bad"));
    bad.image("linux", "amd64", OciImageBuilder.Compression.GZIP,
        List.of(new OciImageBuilder.LayerTar().file("etc/alpine-release", "3.19.1\n").bytes(),
            new OciImageBuilder.LayerTar().file("../../../../tmp/kubeward-escape", "pwned").bytes()));
    bad.write(null);
    OciImageBuilder good = new OciImageBuilder(tmp.resolve("good"));
    good.image("linux", "amd64", OciImageBuilder.Compression.GZIP,
        List.of(new OciImageBuilder.LayerTar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n").bytes()));
    good.write(null);
    LayerCache cache = new LayerCache(tmp.resolve("cache"), 1L << 30);

    assertThatThrownBy(() -> scan("oci:" + tmp.resolve("bad"), cache, Platform.LINUX_AMD64))
        .isInstanceOf(ImageException.class).hasMessageContaining("oci:" + tmp.resolve("bad"))
        .hasMessageContaining("layer sha256:").hasMessageContaining("leaves the root");
    assertThat(Files.exists(Path.of("/tmp/kubeward-escape"))).isFalse();
    assertThat(scan("oci:" + tmp.resolve("good"), cache, Platform.LINUX_AMD64).packages()).hasSize(1);
    try (Stream<Path> left = Files.list(cache.root().resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void symlinkLoopsAreReportedAndTheScanGoesOn() throws Exception {
    OciImageBuilder b = new OciImageBuilder(tmp.resolve("loop"));
    b.image("linux", "amd64", OciImageBuilder.Compression.GZIP, List.of(new OciImageBuilder.LayerTar()
        .symlink("etc/os-release", "../usr/lib/os-release").symlink("usr/lib/os-release", "/etc/os-release")
        .file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n").bytes()));
    b.write(null);
    ScanReport r = scan("oci:" + tmp.resolve("loop"), new LayerCache(tmp.resolve("cache"), 1L << 30), Platform.LINUX_AMD64);
    assertThat(r.warnings()).anyMatch(w -> w.contains("symbolic link loop") && w.contains("etc/os-release"));
    assertThat(r.os()).isNull();
    assertThat(r.packages()).hasSize(1);
  }

  @Test
  void aTamperedLayerBlobIsADigestMismatch() throws Exception {
    OciImageBuilder b = new OciImageBuilder(tmp.resolve("t"));
    b.image("linux", "amd64", OciImageBuilder.Compression.NONE,
        List.of(new OciImageBuilder.LayerTar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n").bytes()));
    b.write(null);
    try (Stream<Path> blobs = Files.list(tmp.resolve("t/blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        String s = Files.readString(blob, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (s.contains("P:musl")) {
          Files.writeString(blob, s.replace("1.2.4-r2", "9.9.9-r9"), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
      }
    }
    LayerCache cache = new LayerCache(tmp.resolve("cache"), 1L << 30);
    assertThatThrownBy(() -> scan("oci:" + tmp.resolve("t"), cache, Platform.LINUX_AMD64))
        .isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.DIGEST_MISMATCH));
  }
}
