package dev.kubeward.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.image.Image;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic image: a minimal Debian bookworm made with debootstrap (cached under /var/tmp so it is built once per
 * machine, about two minutes), plus an application layer with node_modules, a Python virtualenv and a real jar. The
 * dpkg packages must equal what Debian's own dpkg-query lists for the same root.
 */
class DebianImageIT {
  static final Path ROOTFS_CACHE = Path.of(System.getProperty("kubeward.test.debian.cache",
      "/var/tmp/kubeward-test-debian/bookworm-minbase.tar"));
  @TempDir static Path work;
  static ScanReport report;
  static List<String> dpkgQuery;

  @BeforeAll
  static void buildAndScan() throws Exception {
    Path rootfsTar = ensureRootfs();
    Path root = work.resolve("root");
    Files.createDirectories(root);
    run(List.of("tar", "-C", root.toString(), "-xf", rootfsTar.toString(), "./var/lib/dpkg"), 120);
    dpkgQuery = Arrays.stream(run(List.of("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f",
        "${db:Status-Abbrev}|${Package} ${Version}\\n"), 60).split("\n"))
        .filter(l -> l.startsWith("ii")).map(l -> l.substring(l.indexOf('|') + 1)).sorted().toList();

    OciImageBuilder.LayerTar app = new OciImageBuilder.LayerTar()
        .file("srv/app/package.json", "{\"name\":\"shop\",\"version\":\"1.0.0\"}")
        .file("srv/app/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.17.1\",\"license\":\"MIT\"}")
        .file("srv/app/node_modules/@types/node/package.json", "{\"name\":\"@types/node\",\"version\":\"20.11.5\"}")
        .file("srv/app/node_modules/express/node_modules/debug/package.json", "{\"name\":\"debug\",\"version\":\"2.6.9\"}")
        .file("opt/venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nbody\n")
        .file("opt/venv/lib/python3.11/site-packages/urllib3-2.1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: urllib3\nVersion: 2.1.0\n")
        .file("opt/lib/commons-csv.jar", Files.readAllBytes(jar()), 0644);
    OciImageBuilder b = new OciImageBuilder(work.resolve("layout"));
    b.image("linux", "amd64", OciImageBuilder.Compression.GZIP, List.of(Files.readAllBytes(rootfsTar), app.bytes()));
    b.write("bookworm");
    LayerCache cache = new LayerCache(work.resolve("cache"), 1L << 30);
    try (Image image = new ImageLoader(ImageOptions.defaults(cache)).open("oci:" + work.resolve("layout") + ":bookworm")) {
      report = new PackageScanner(cache).scan(image);
    }
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("user.home"), ".m2/repository/org/apache/commons/commons-csv/1.14.1/commons-csv-1.14.1.jar");
    Assumptions.assumeTrue(Files.exists(jar), "commons-csv jar not in the local Maven repository; skipping");
    return jar;
  }

  static Path ensureRootfs() throws Exception {
    if (Files.isRegularFile(ROOTFS_CACHE)) {
      return ROOTFS_CACHE;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root || !Files.isExecutable(Path.of("/usr/sbin/debootstrap")) || !Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
      String msg = "debootstrap (as root) is needed to build the Debian test image; skipping";
      System.err.println(msg);
      Assumptions.assumeTrue(false, msg);
    }
    Files.createDirectories(ROOTFS_CACHE.getParent());
    Path dir = Files.createTempDirectory(ROOTFS_CACHE.getParent(), "build");
    try {
      run(List.of("debootstrap", "--variant=minbase", "bookworm", dir.toString(), "http://deb.debian.org/debian"), 900);
      Path tmp = ROOTFS_CACHE.resolveSibling(ROOTFS_CACHE.getFileName() + ".tmp");
      // Device nodes and /proc are not part of an image layer.
      run(List.of("tar", "--numeric-owner", "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*",
          "-C", dir.toString(), "-cf", tmp.toString(), "."), 300);
      Files.move(tmp, ROOTFS_CACHE);
    } finally {
      run(List.of("rm", "-rf", dir.toString()), 120);
    }
    return ROOTFS_CACHE;
  }

  static String run(List<String> cmd, int timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      String msg = String.join(" ", cmd) + " failed: " + out.substring(Math.max(0, out.length() - 2000));
      System.err.println(msg);
      Assumptions.assumeTrue(false, msg);
    }
    return out;
  }

  @Test
  void theOsIsDebianBookworm() {
    assertThat(report.os().ecosystem()).isEqualTo(Ecosystem.DEBIAN);
    assertThat(report.os().versionId()).isEqualTo("12");
    assertThat(report.os().codename()).isEqualTo("bookworm");
  }

  @Test
  void dpkgPackagesAreExactlyWhatDpkgQueryLists() {
    List<String> ours = report.packages().stream().filter(p -> p.ecosystem() == Ecosystem.DEBIAN)
        .map(p -> p.name() + " " + p.version()).sorted().toList();
    assertThat(dpkgQuery).hasSizeGreaterThan(80);
    assertThat(ours).containsExactlyElementsOf(dpkgQuery);
    InstalledPackage libc = report.packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
    assertThat(libc.sourceName()).isEqualTo("glibc");
    assertThat(libc.purl()).startsWith("pkg:deb/debian/libc6@").contains("distro=debian-12");
    assertThat(libc.layerDigest()).isEqualTo(report.image().layers().get(0).layer().digest());
  }

  @Test
  void applicationPackagesComeFromTheSecondLayer() {
    String appLayer = report.image().layers().get(1).layer().digest();
    List<String> app = new ArrayList<>();
    for (InstalledPackage p : report.packages()) {
      if (!p.ecosystem().operatingSystem()) {
        assertThat(p.layerDigest()).isEqualTo(appLayer);
        app.add(p.ecosystem().osvName() + " " + p.name() + " " + p.version());
      }
    }
    assertThat(app).containsExactlyInAnyOrder("npm express 4.17.1", "npm @types/node 20.11.5", "npm debug 2.6.9",
        "PyPI requests 2.31.0", "PyPI urllib3 2.1.0", "Maven org.apache.commons:commons-csv 1.14.1");
  }

  @Test
  void noWarningsForARealImage() {
    assertThat(report.warnings()).isEmpty();
  }
}
