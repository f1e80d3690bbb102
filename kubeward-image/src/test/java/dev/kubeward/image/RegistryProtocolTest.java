package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kubeward.image.internal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the registry protocol Debian's registry cannot show without a token server: the bearer-token flow,
 * retries on 429/503, the per-registry concurrency limit, and redirects that must not carry credentials. Served by a
 * small in-process HTTP server on 127.0.0.1.
 */
class RegistryProtocolTest {
  @TempDir Path cacheDir;
  HttpServer server;
  String host;
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final List<String> authHeaders = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  String manifestDigest;
  String[] layerDigests;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(16));
    host = "127.0.0.1:" + server.getAddress().getPort();
    layerDigests = new String[6];
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < layerDigests.length; i++) {
      byte[] layer = Tars.gzip(new Tars().file("f" + i, "content " + i).tar());
      layerDigests[i] = Digests.sha256(layer);
      blobs.put(layerDigests[i], layer);
      layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
          .append(layerDigests[i]).append("\",\"size\":").append(layer.length).append('}');
    }
    byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    blobs.put(Digests.sha256(config), config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digests.sha256(config)
        + "\",\"size\":" + config.length + "},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
    manifestDigest = Digests.sha256(manifest);
    server.createContext("/token", ex -> {
      authHeaders.add("token:" + ex.getRequestHeaders().getFirst("Authorization"));
      String q = ex.getRequestURI().getQuery();
      respond(ex, q.contains("scope=repository:team/app:pull") && q.contains("service=fake") ? 200 : 400,
          "{\"token\":\"tok-123\"}".getBytes(StandardCharsets.UTF_8), "application/json");
    });
    server.createContext("/storage/", ex -> {
      authHeaders.add("storage:" + ex.getRequestHeaders().getFirst("Authorization"));
      respond(ex, 200, blobs.get(ex.getRequestURI().getPath().substring("/storage/".length())), "application/octet-stream");
    });
    server.createContext("/v2/", ex -> {
      String path = ex.getRequestURI().getPath();
      if (!"Bearer tok-123".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().add("WWW-Authenticate",
            "Bearer realm=\"http://" + host + "/token\",service=\"fake\",scope=\"repository:team/app:pull\"");
        respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8), "application/json");
        return;
      }
      if (failuresLeft.getAndDecrement() > 0) {
        ex.getResponseHeaders().add("Retry-After", "0");
        respond(ex, failuresLeft.get() % 2 == 0 ? 429 : 503, new byte[0], "text/plain");
        return;
      }
      if (path.equals("/v2/team/app/manifests/1.0") || path.equals("/v2/team/app/manifests/" + manifestDigest)) {
        respond(ex, 200, manifest, "application/vnd.oci.image.manifest.v1+json");
      } else if (path.startsWith("/v2/team/app/blobs/")) {
        String digest = path.substring("/v2/team/app/blobs/".length());
        if (digest.equals(layerDigests[0])) {
          // Another host name for the same server: the storage backend of a real registry.
          ex.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/storage/" + digest);
          respond(ex, 307, new byte[0], "text/plain");
          return;
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        respond(ex, blobs.containsKey(digest) ? 200 : 404, blobs.getOrDefault(digest, new byte[0]), "application/octet-stream");
      } else {
        respond(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
            .getBytes(StandardCharsets.UTF_8), "application/json");
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void respond(HttpExchange ex, int status, byte[] body, String type) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  ImageLoader loader(int maxConcurrent) {
    RegistryCredentials creds = RegistryCredentials.none().add(host, new RegistryCredentials.Credential("u", "p", ""));
    return new ImageLoader(ImageOptions.defaults(new LayerCache(cacheDir, 1L << 30)).withCredentials(creds)
        .withRetries(5, Duration.ofMillis(10)).withMaxConcurrentPullsPerRegistry(maxConcurrent));
  }

  private static void readAll(Image image, Layer layer) {
    try (InputStream in = image.openLayer(layer)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void bearerTokenFlowWithBasicCredentialsAtTheTokenService() {
    try (Image image = loader(4).open(host + "/team/app:1.0")) {
      assertThat(image.manifestDigest()).isEqualTo(manifestDigest);
      assertThat(image.layers()).hasSize(6);
    }
    assertThat(authHeaders).contains("token:Basic dTpw");
  }

  @Test
  void redirectsToStorageDoNotCarryTheRegistryToken() {
    try (Image image = loader(4).open(host + "/team/app:1.0")) {
      readAll(image, image.layers().get(0));
    }
    assertThat(authHeaders).contains("storage:null");
  }

  @Test
  void retriesOn429And503WithBackoff() {
    failuresLeft.set(3);
    try (Image image = loader(4).open(host + "/team/app:1.0")) {
      assertThat(image.layers()).hasSize(6);
    }
    failuresLeft.set(50);
    assertThatThrownBy(() -> loader(4).open(host + "/team/app:1.0")).isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.UNAVAILABLE))
        .hasMessageContaining("after 5 attempts");
  }

  @Test
  void concurrentPullsPerRegistryAreCapped() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (Image image = loader(2).open(host + "/team/app:1.0")) {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (Layer l : image.layers().subList(1, image.layers().size())) {
        futures.add(pool.submit(() -> readAll(image, l)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void unknownTagsAreNotFoundWithTheRegistrysMessage() {
    assertThatThrownBy(() -> loader(4).open(host + "/team/app:nope")).isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.NOT_FOUND))
        .hasMessageContaining("MANIFEST_UNKNOWN");
  }
}
