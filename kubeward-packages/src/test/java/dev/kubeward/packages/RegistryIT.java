package dev.kubeward.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.image.Image;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.Platform;
import dev.kubeward.image.RegistryCredentials;
import dev.kubeward.model.InstalledPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Against Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1, once open and once behind htpasswd
 * basic auth, with images pushed by skopeo: a docker archive, a multi-platform index, and a blob corrupted in the
 * registry's storage.
 */
class RegistryIT {
  @TempDir static Path work;
  static Registry open;
  static Registry authed;
  static Path alpineTar;

  record Registry(Process process, int port, Path storage) {
    String host() {
      return "127.0.0.1:" + port;
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @BeforeAll
  static void startRegistries() throws Exception {
    for (String tool : List.of("docker-registry", "skopeo")) {
      if (!onPath(tool)) {
        String msg = tool + " is not installed (apt-get install docker-registry skopeo); skipping the registry tests";
        System.err.println(msg);
        Assumptions.assumeTrue(false, msg);
      }
    }
    alpineTar = work.resolve("alpine-310.tar");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedData.image("alpine-310.tar.gz")))) {
      Files.copy(in, alpineTar);
    }
    open = start("open", null);
    Path htpasswd = work.resolve("htpasswd");
    Files.writeString(htpasswd, "kubeward:" + BCrypt.hashpw("s3cret", BCrypt.gensalt(5)) + "\n");
    authed = start("authed", htpasswd);

    skopeo("copy", "--dest-tls-verify=false", "docker-archive:" + alpineTar, "docker://" + open.host() + "/library/alpine:3.10");
    skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "kubeward:s3cret", "docker-archive:" + alpineTar,
        "docker://" + authed.host() + "/private/alpine:3.10");
    OciImageBuilder multi = new OciImageBuilder(work.resolve("multi"));
    multi.image("linux", "amd64", OciImageBuilder.Compression.GZIP,
        List.of(new OciImageBuilder.LayerTar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n").bytes()));
    multi.image("linux", "arm64", OciImageBuilder.Compression.GZIP,
        List.of(new OciImageBuilder.LayerTar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:aarch64\n").bytes()));
    multi.write("1.0");
    skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + work.resolve("multi") + ":1.0",
        "docker://" + open.host() + "/multi:1.0");
    OciImageBuilder tampered = new OciImageBuilder(work.resolve("tampered"));
    tampered.image("linux", "amd64", OciImageBuilder.Compression.NONE,
        List.of(new OciImageBuilder.LayerTar().file("lib/apk/db/installed", "P:busybox\nV:1.36.1-r5\n").bytes()));
    tampered.write("1.0");
    skopeo("copy", "--dest-tls-verify=false", "oci:" + work.resolve("tampered") + ":1.0",
        "docker://" + open.host() + "/tampered:1.0");
    // Change one byte of the layer inside the registry's storage: the registry serves it as it is.
    HttpURLConnection c = (HttpURLConnection) URI.create("http://" + open.host() + "/v2/tampered/manifests/1.0").toURL()
        .openConnection();
    c.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
    String layer;
    try (InputStream in = c.getInputStream()) {
      layer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("layers").get(0).path("digest").asText();
    }
    String hex = layer.substring("sha256:".length());
    Path data = open.storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
        .resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(data, bytes);
  }

  @AfterAll
  static void stopRegistries() throws InterruptedException {
    for (Registry r : new Registry[] {open, authed}) {
      if (r != null) {
        r.process().destroy();
        r.process().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static Registry start(String name, Path htpasswd) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path storage = work.resolve(name + "-storage");
    Files.createDirectories(storage);
    String config = "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: " + storage
        + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n"
        + (htpasswd == null ? "" : "auth:\n  htpasswd:\n    realm: kubeward-test\n    path: " + htpasswd + "\n");
    Path file = work.resolve(name + ".yml");
    Files.writeString(file, config);
    Process p = new ProcessBuilder("docker-registry", "serve", file.toString())
        .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        c.setConnectTimeout(500);
        int code = c.getResponseCode();
        if (code == 200 || code == 401) {
          return new Registry(p, port, storage);
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroy();
    throw new IllegalStateException("docker-registry did not start; see " + work.resolve(name + ".log"));
  }

  static void skopeo(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("skopeo " + String.join(" ", args) + " failed: " + out);
    }
  }

  static ScanReport scan(String ref, ImageOptions options) {
    try (Image image = new ImageLoader(options).open(ref)) {
      return new PackageScanner(options.cache()).scan(image);
    }
  }

  ImageOptions options(Path cacheDir) {
    return ImageOptions.defaults(new LayerCache(cacheDir, 1L << 30)).withRetries(2, Duration.ofMillis(50));
  }

  @Test
  void anonymousPullGivesTheExactAlpinePackages(@TempDir Path cache) {
    ScanReport r = scan(open.host() + "/library/alpine:3.10", options(cache));
    assertThat(r.packages()).extracting(p -> p.name() + " " + p.version())
        .containsExactlyElementsOf(AlpineImageScanTest.ALPINE_310);
    assertThat(r.image().manifestDigest()).startsWith("sha256:");
    assertThat(r.packages()).allMatch(p -> p.layerDigest().equals(r.image().layers().get(0).layer().digest()));
    // The layer blob is now cached by digest; a scan by digest reads no layer again.
    ScanReport again = scan(open.host() + "/library/alpine@" + r.image().manifestDigest(), options(cache));
    assertThat(again.image().layers()).allMatch(ScanReport.ScannedLayer::fromCache);
    assertThat(again.packages()).isEqualTo(r.packages());
  }

  @Test
  void basicAuthNeedsTheRightCredentials(@TempDir Path cache) {
    String ref = authed.host() + "/private/alpine:3.10";
    assertThatThrownBy(() -> scan(ref, options(cache))).isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.UNAUTHORIZED))
        .hasMessageContaining("none are configured");
    RegistryCredentials wrong = RegistryCredentials.none().add(authed.host(), new RegistryCredentials.Credential("kubeward", "nope", ""));
    assertThatThrownBy(() -> scan(ref, options(cache).withCredentials(wrong))).isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.UNAUTHORIZED));
    // As a Kubernetes imagePullSecret's .dockerconfigjson.
    String secret = "{\"auths\":{\"" + authed.host() + "\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("kubeward:s3cret".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    ScanReport r = scan(ref, options(cache).withCredentials(RegistryCredentials.none().addDockerConfigJson(secret)));
    assertThat(r.packages()).hasSize(14);
  }

  @Test
  void aManifestListResolvesToTheRequestedPlatform(@TempDir Path cache) {
    assertThat(scan(open.host() + "/multi:1.0", options(cache)).packages()).extracting(InstalledPackage::purl)
        .singleElement().asString().contains("arch=x86_64");
    ScanReport arm = scan(open.host() + "/multi:1.0", options(cache).withPlatform(Platform.parse("linux/arm64")));
    assertThat(arm.packages()).extracting(InstalledPackage::purl).singleElement().asString().contains("arch=aarch64");
    assertThatThrownBy(() -> scan(open.host() + "/multi:1.0", options(cache).withPlatform(Platform.parse("linux/ppc64le"))))
        .hasMessageContaining("no manifest for platform linux/ppc64le");
  }

  @Test
  void aBlobWhoseBytesDoNotMatchItsDigestIsRejectedAndNotCached(@TempDir Path cache) throws IOException {
    assertThatThrownBy(() -> scan(open.host() + "/tampered:1.0", options(cache))).isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.DIGEST_MISMATCH))
        .hasMessageContaining("/tampered:1.0").hasMessageContaining("layer sha256:");
    try (Stream<Path> blobs = Files.walk(cache.resolve("blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("only the verified config is cached").hasSize(1);
    }
  }

  @Test
  void missingImagesAndRegistriesAreClearErrors(@TempDir Path cache) {
    assertThatThrownBy(() -> scan(open.host() + "/library/alpine:9.99", options(cache)))
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> scan("127.0.0.1:1/nothing:1", options(cache)))
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.UNAVAILABLE))
        .hasMessageContaining("cannot reach");
  }
}
