package dev.kubeward.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.image.Image;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Alpine {@code docker save} archives give their exact package lists, OS and layer. */
class AlpineImageScanTest {
  @TempDir Path cacheDir;

  static final List<String> ALPINE_310 = List.of(
      "alpine-baselayout 3.1.2-r0", "alpine-keys 2.1-r2", "apk-tools 2.10.4-r2", "busybox 1.30.1-r3",
      "ca-certificates-cacert 20190108-r0", "libc-utils 0.7.1-r0", "libcrypto1.1 1.1.1d-r2", "libssl1.1 1.1.1d-r2",
      "libtls-standalone 2.9.1-r0", "musl 1.1.22-r3", "musl-utils 1.1.22-r3", "scanelf 1.2.3-r0",
      "ssl_client 1.30.1-r3", "zlib 1.2.11-r1");

  static final List<String> ALPINE_311 = List.of(
      "alpine-baselayout 3.2.0-r3", "alpine-keys 2.1-r2", "apk-tools 2.10.4-r3", "busybox 1.31.1-r9",
      "ca-certificates-cacert 20191127-r1", "libc-utils 0.7.2-r0", "libcrypto1.1 1.1.1d-r3", "libssl1.1 1.1.1d-r3",
      "libtls-standalone 2.9.1-r0", "musl 1.1.24-r2", "musl-utils 1.1.24-r2", "scanelf 1.2.4-r0",
      "ssl_client 1.31.1-r9", "zlib 1.2.11-r3");

  private ScanReport scan(String archive, LayerCache cache) {
    ImageLoader loader = new ImageLoader(ImageOptions.defaults(cache));
    try (Image image = loader.open("docker-archive:" + SharedData.image(archive))) {
      return new PackageScanner(cache).scan(image);
    }
  }

  @Test
  void alpine310ListsExactlyItsApkPackagesWithLayerAndPurl() {
    ScanReport r = scan("alpine-310.tar.gz", new LayerCache(cacheDir, 1L << 30));

    assertThat(r.os().ecosystem()).isEqualTo(Ecosystem.ALPINE);
    assertThat(r.os().versionId()).isEqualTo("3.10.4");
    assertThat(r.packages()).extracting(p -> p.name() + " " + p.version()).containsExactlyElementsOf(ALPINE_310);
    String layer = r.image().layers().get(0).layer().digest();
    // A docker save layer.tar is the uncompressed tar: its digest is the config's diff_id.
    assertThat(layer).isEqualTo("sha256:531743b7098cb2aaf615641007a129173f63ed86ca32fe7b5a246a1c47286028");
    InstalledPackage musl = r.packages().stream().filter(p -> p.name().equals("musl")).findFirst().orElseThrow();
    assertThat(musl.purl()).isEqualTo("pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.10.4");
    assertThat(musl.layerDigest()).isEqualTo(layer);
    assertThat(musl.locations()).containsExactly("lib/apk/db/installed");
    assertThat(musl.sourceName()).isEqualTo("musl");
    assertThat(r.packages()).filteredOn(p -> p.name().equals("libssl1.1")).extracting(InstalledPackage::sourceName)
        .containsExactly("openssl");
    assertThat(r.image().platform()).isEqualTo("linux/amd64");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void alpine311ListsExactlyItsApkPackages() {
    ScanReport r = scan("alpine-311.tar.gz", new LayerCache(cacheDir, 1L << 30));

    assertThat(r.os().versionId()).isEqualTo("3.11.5");
    assertThat(r.packages()).extracting(p -> p.name() + " " + p.version()).containsExactlyElementsOf(ALPINE_311);
  }

  @Test
  void aNewAnalyzerVersionRecomputesCachedLayers() {
    LayerCache cache = new LayerCache(cacheDir, 1L << 30);
    PackageAnalyzer apk = new dev.kubeward.packages.internal.os.ApkAnalyzer();
    PackageAnalyzer apkNext = new PackageAnalyzer() {
      @Override public String name() { return apk.name(); }
      @Override public int version() { return apk.version() + 1; }
      @Override public boolean operatingSystem() { return true; }
      @Override public boolean accepts(CandidateFile f) { return apk.accepts(f); }
      @Override public AnalyzerResult analyze(AnalyzerInput in) throws java.io.IOException { return apk.analyze(in); }
    };
    java.util.function.Function<PackageAnalyzer, ScanReport> scanWith = a -> {
      try (Image image = new ImageLoader(ImageOptions.defaults(cache))
          .open("docker-archive:" + SharedData.image("alpine-310.tar.gz"))) {
        return new PackageScanner(Analyzers.of(List.of(a)), cache, dev.kubeward.image.LayerLimits.DEFAULT,
            dev.kubeward.model.ProgressListener.NONE, 1).scan(image);
      }
    };
    assertThat(scanWith.apply(apk).image().layers().get(0).fromCache()).isFalse();
    assertThat(scanWith.apply(apk).image().layers().get(0).fromCache()).isTrue();
    ScanReport next = scanWith.apply(apkNext);
    assertThat(next.image().layers().get(0).fromCache()).as("version bump invalidates").isFalse();
    assertThat(next.packages()).hasSize(14);
    assertThat(next.analyzers()).containsExactly("apk@2");
  }

  @Test
  void aSecondScanTakesTheLayerFromTheCacheWithTheSameResult() {
    LayerCache cache = new LayerCache(cacheDir, 1L << 30);
    ScanReport first = scan("alpine-310.tar.gz", cache);
    ScanReport second = scan("alpine-310.tar.gz", cache);

    assertThat(first.image().layers()).allMatch(l -> !l.fromCache() && l.entries() > 0);
    assertThat(second.image().layers()).allMatch(l -> l.fromCache() && l.entries() == 0);
    assertThat(second.packages()).isEqualTo(first.packages());
    assertThat(second.os()).isEqualTo(first.os());
  }
}
