package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code db update} against a local HTTP mirror serving the shared files in the slot layout, with ETag support, and
 * with ways to misbehave: a download cut short, a corrupt file, a missing optional file. Also the offline bundle.
 */
class DatabaseUpdateIT {
  @TempDir Path tmp;
  HttpServer server;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Set<String> cutShort = ConcurrentHashMap.newKeySet();
  final List<String> requests = new ArrayList<>();
  int notModified;

  @BeforeEach
  void startMirror() throws IOException {
    Path adv = SharedData.advisories();
    files.put("/osv/Go/all.zip", Files.readAllBytes(adv.resolve("osv/Go.zip")));
    files.put("/osv/crates.io/all.zip", Files.readAllBytes(adv.resolve("osv/crates.io.zip")));
    files.put("/kev/known_exploited_vulnerabilities.json",
        Files.readAllBytes(adv.resolve("kev/known_exploited_vulnerabilities.json")));
    files.put("/epss/epss_scores-current.csv.gz", gzip(Files.readAllBytes(adv.resolve("formats/vunnel/epss/example-1.csv"))));
    files.put("/nvd/nvdcve-2.0-" + Year.now(ZoneOffset.UTC) + ".json.gz",
        gzip(Files.readAllBytes(adv.resolve("formats/vunnel/nvd/full-page.json"))));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  @AfterEach
  void stopMirror() {
    server.stop(0);
  }

  private synchronized void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath().replace("%20", " ");
    requests.add(path);
    byte[] body = files.get(path);
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
      notModified++;
      ex.sendResponseHeaders(304, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("ETag", etag);
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body, 0, cutShort.contains(path) ? body.length / 3 : body.length);
    } catch (IOException ignored) {
      // the client gives up on a cut-short body
    }
    ex.close();
  }

  UpdateSettings settings() {
    return new UpdateSettings(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")),
        Map.of(), List.of("Go", "crates.io", "PyPI"), Set.of(), Year.now(ZoneOffset.UTC).getValue(), Duration.ofSeconds(3));
  }

  AdvisoryDatabaseUpdater updater(Path db) {
    return new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC());
  }

  @Test
  void updateDownloadsThenAsksConditionallyAndSurvivesBadDownloads() throws Exception {
    Path db = tmp.resolve("db");
    UpdateResult first = updater(db).update(settings());
    assertThat(first.downloaded()).containsExactlyInAnyOrder("osv/Go/all.zip", "osv/crates.io/all.zip",
        "kev/known_exploited_vulnerabilities.json", "epss/epss_scores-current.csv.gz",
        "nvd/nvdcve-2.0-" + Year.now(ZoneOffset.UTC) + ".json.gz");
    assertThat(first.notPublished()).containsExactly("osv/PyPI/all.zip");
    DatabaseStatus s = first.status();
    assertThat(s.advisoriesByEcosystem()).containsEntry("Go", 4291).containsEntry("crates.io", 1206);
    assertThat(s.kevEntries()).isEqualTo(1404);
    assertThat(s.epssScores()).isEqualTo(5);
    assertThat(s.nvdCves()).isEqualTo(35);
    assertThat(s.sources()).allSatisfy(src -> assertThat(src.origin()).startsWith("http://127.0.0.1:"));

    // Nothing changed: every file is answered 304 and the database is left as it is.
    UpdateResult second = updater(db).update(settings());
    assertThat(notModified).isEqualTo(5);
    assertThat(second.downloaded()).isEmpty();
    assertThat(second.unchanged()).hasSize(5);
    assertThat(second.status().buildId()).isEqualTo(s.buildId());

    // A changed KEV file is downloaded again; the rest is reused from the cache.
    byte[] kev = files.get("/kev/known_exploited_vulnerabilities.json");
    files.put("/kev/known_exploited_vulnerabilities.json", new String(kev, java.nio.charset.StandardCharsets.UTF_8)
        .replaceFirst("\"cveID\": \"CVE-[0-9-]+\"", "\"cveID\": \"not-a-cve\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    UpdateResult third = updater(db).update(settings());
    assertThat(third.downloaded()).containsExactly("kev/known_exploited_vulnerabilities.json");
    assertThat(third.status().kevEntries()).isEqualTo(1403);
    assertThat(third.issues()).anySatisfy(i -> assertThat(i.problem()).contains("not-a-cve"));
    String good = third.status().buildId();

    // A download cut short fails the update and leaves the database as it was.
    files.put("/osv/Go/all.zip", gzip(files.get("/osv/Go/all.zip"))); // new content, so it is fetched
    cutShort.add("/osv/Go/all.zip");
    assertThatThrownBy(() -> updater(db).update(settings())).isInstanceOf(AdvisoryDatabaseException.class)
        .hasMessageContaining("/osv/Go/all.zip").hasMessageContaining("previous database is unchanged");
    assertUnchanged(db, good);

    // A complete but corrupt file fails verification the same way.
    cutShort.clear();
    byte[] corrupt = Files.readAllBytes(SharedData.advisories().resolve("osv/Go.zip"));
    corrupt = java.util.Arrays.copyOf(corrupt, corrupt.length - 100); // no central directory
    files.put("/osv/Go/all.zip", corrupt);
    assertThatThrownBy(() -> updater(db).update(settings())).isInstanceOf(AdvisoryDatabaseException.class)
        .hasMessageContaining("all.zip").hasMessageContaining("corrupt");
    assertUnchanged(db, good);

    // A required file that is gone fails too.
    files.remove("/kev/known_exploited_vulnerabilities.json");
    assertThatThrownBy(() -> updater(db).update(settings())).isInstanceOf(AdvisoryDatabaseException.class)
        .hasMessageContaining("not found");
    assertUnchanged(db, good);
  }

  private void assertUnchanged(Path db, String buildId) throws IOException {
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      assertThat(d.buildId()).isEqualTo(buildId);
      assertThat(d.status(Duration.ofDays(7), Clock.systemUTC()).advisoriesByEcosystem()).containsEntry("Go", 4291);
    }
    try (var list = Files.list(db)) {
      assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
    }
  }

  @Test
  void offlineBundleRoundTripsAndRejectsTampering() throws Exception {
    Path online = tmp.resolve("online");
    DatabaseStatus original = updater(online).update(settings()).status();
    Path bundle = tmp.resolve("kubeward-db.zip");
    List<SourceStatus> listed = updater(online).writeBundle(bundle);
    assertThat(listed).hasSize(5);

    Path airGapped = tmp.resolve("air-gapped");
    DatabaseStatus imported = updater(airGapped).importFiles(List.of(bundle)).status();
    assertThat(imported.advisoriesByEcosystem()).isEqualTo(original.advisoriesByEcosystem());
    assertThat(imported.kevEntries()).isEqualTo(original.kevEntries());
    assertThat(imported.sources()).extracting(SourceStatus::slot)
        .containsExactlyInAnyOrderElementsOf(original.sources().stream().map(SourceStatus::slot).toList());
    // The bundle keeps when each file was fetched, so staleness carries over into the air gap.
    assertThat(imported.lastUpdated()).isEqualTo(original.lastUpdated());

    Path tampered = tmp.resolve("tampered.zip");
    rewrite(bundle, tampered, name -> name.contains("known_exploited"), b -> {
      b[b.length / 2] ^= 1;
      return b;
    });
    String before = imported.buildId();
    assertThatThrownBy(() -> updater(airGapped).importFiles(List.of(tampered)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("does not match its checksum");
    Path extra = tmp.resolve("extra.zip");
    rewrite(bundle, extra, name -> false, b -> b);
    try (var fs = java.nio.file.FileSystems.newFileSystem(extra)) {
      Files.writeString(fs.getPath("sources/evil.json"), "{}");
    }
    assertThatThrownBy(() -> updater(airGapped).importFiles(List.of(extra)))
        .isInstanceOf(AdvisoryDatabaseException.class).hasMessageContaining("not listed in the manifest");
    try (AdvisoryDatabase d = AdvisoryDatabase.open(airGapped)) {
      assertThat(d.buildId()).isEqualTo(before);
    }
  }

  private static void rewrite(Path from, Path to, java.util.function.Predicate<String> which,
      java.util.function.UnaryOperator<byte[]> change) throws IOException {
    try (ZipFile in = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      var entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] b = in.getInputStream(e).readAllBytes();
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(which.test(e.getName()) ? change.apply(b) : b);
        out.closeEntry();
      }
    }
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    }
    return bos.toByteArray();
  }
}
