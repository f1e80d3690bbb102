package dev.kubeward.server.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import dev.kubeward.server.jobs.Job;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The periodic update from a mirror inside the product: a local HTTP mirror serving the shared OSV, KEV and EPSS files
 * in the mirror layout (with ETags, as {@code DatabaseUpdateIT} in kubeward-advisories does), a server configured to
 * update from it every hour and a worker with no database and no update settings, on one PostgreSQL. The server
 * queues the {@code advisory-update} job at start; whichever process runs it downloads, builds and publishes, and both
 * end with that build; the next update waits in the queue an interval later. An update on the worker — which received
 * its database and has no cached files — downloads the same bytes and makes no new build.
 */
class AdvisoryUpdateJobIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir Path tmp;
  HttpServer mirror;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startMirror() throws IOException {
    Path adv = AdvisoryFiles.advisories();
    files.put("/osv/crates.io/all.zip", Files.readAllBytes(adv.resolve("osv/crates.io.zip")));
    files.put("/kev/known_exploited_vulnerabilities.json",
        Files.readAllBytes(adv.resolve("kev/known_exploited_vulnerabilities.json")));
    files.put("/epss/epss_scores-current.csv.gz", gzip(Files.readAllBytes(adv.resolve("formats/vunnel/epss/example-1.csv"))));
    mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    mirror.createContext("/", this::serve);
    mirror.start();
  }

  @AfterEach
  void stopMirror() {
    mirror.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    requests.add(path);
    byte[] body = files.get(path);
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
      ex.sendResponseHeaders(304, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("ETag", etag);
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void theUpdateJobDownloadsFromTheMirrorAndPublishesTheBuildToEveryProcess() throws Exception {
    TestDatabase db = TestDatabases.postgres();
    String url = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/";
    String[] common = {"--kubeward.advisories.sync.interval=PT1S", "--kubeward.advisories.max-age=P3650D"};
    try (TestServer a = TestServer.start(db.shared(), concat(common, "--kubeward.advisories.dir=" + tmp.resolve("a"),
            "--kubeward.advisories.update.interval=PT1H", "--kubeward.advisories.update.mirror=" + url,
            "--kubeward.advisories.update.ecosystems=crates.io", "--kubeward.advisories.update.skip=nvd",
            "--kubeward.advisories.update.timeout=PT20S"));
        KubewardServer.Running b = KubewardServer.startWorker(new ServerOptions(0,
            Files.createDirectories(tmp.resolve("b-data")), Optional.of(db.url()), false), 1,
            concat(common, "--kubeward.advisories.dir=" + tmp.resolve("b")))) {
      JdbcClient jdbc = db.jdbc();
      await().atMost(Duration.ofSeconds(50)).until(() -> jdbc.sql("select count(*) from jobs where type = ?"
          + " and status = 'done'").param(AdvisoryUpdateJobs.TYPE).query(Long.class).single() == 1);
      Map<String, Object> done = jdbc.sql("select result, finished_at from jobs where type = ? and status = 'done'")
          .param(AdvisoryUpdateJobs.TYPE).query().singleRow();
      JsonNode result = JSON.readTree((String) done.get("result"));
      String build = result.get("buildId").asString();
      assertThat(result.get("downloaded").asInt()).isEqualTo(3);
      assertThat(result.get("published").asBoolean()).isTrue();
      assertThat(requests).contains("/osv/crates.io/all.zip", "/kev/known_exploited_vulnerabilities.json",
          "/epss/epss_scores-current.csv.gz").noneMatch(r -> r.startsWith("/nvd/"));
      assertThat(jdbc.sql("select build_id from advisory_db_builds").query(String.class).list()).containsExactly(build);

      // Both processes open the build (the one that ran the job, and the other through PostgreSQL).
      AdvisoryDatabaseProvider pa = a.running().context().getBean(AdvisoryDatabaseProvider.class);
      AdvisoryDatabaseProvider pb = b.context().getBean(AdvisoryDatabaseProvider.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> buildOf(pa).equals(build) && buildOf(pb).equals(build));
      assertThat(pb.current().orElseThrow().status().advisoriesByEcosystem()).containsEntry("crates.io", 1206);
      assertThat(pb.current().orElseThrow().status().kevEntries()).isEqualTo(1404);

      // The next update waits in the queue, due one interval after this one finished.
      await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from jobs where type = ? and"
          + " status = 'queued'").param(AdvisoryUpdateJobs.TYPE).query(Long.class).single() == 1);
      Instant next = jdbc.sql("select next_run_at from jobs where type = ? and status = 'queued'")
          .param(AdvisoryUpdateJobs.TYPE).query(java.sql.Timestamp.class).single().toInstant();
      Instant finished = ((java.sql.Timestamp) done.get("finished_at")).toInstant();
      assertThat(Duration.between(finished, next)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

      // An update where the folder holds a received copy (no cached files): same bytes, no new build.
      String payload = jdbc.sql("select payload from jobs where type = ? and status = 'queued'")
          .param(AdvisoryUpdateJobs.TYPE).query(String.class).single();
      AdvisoryUpdateJobs jobsB = b.context().getBean(AdvisoryUpdateJobs.class);
      JsonNode again = JSON.readTree(jobsB.handle(context(payload)).json());
      assertThat(again.get("buildId").asString()).isEqualTo(build);
      assertThat(again.get("downloaded").asInt()).isZero();
      assertThat(again.get("unchanged").asInt()).isEqualTo(3);
      assertThat(again.get("published").asBoolean()).isFalse();
      assertThat(jdbc.sql("select count(*) from advisory_db_builds").query(Long.class).single()).isEqualTo(1);
    } finally {
      db.close();
    }
  }

  private static JobContext context(String payload) {
    return new JobContext() {
      @Override
      public Job job() {
        Instant now = Instant.now();
        return new Job(0, AdvisoryUpdateJobs.TYPE, "test", payload, dev.kubeward.server.jobs.JobStatus.RUNNING, 1, 3,
            now, "test", now, null, null, now, now, now, null);
      }

      @Override
      public boolean leaseHeld() {
        return true;
      }
    };
  }

  private static String buildOf(AdvisoryDatabaseProvider p) {
    return p.current().map(AdvisoryDatabaseProvider.Snapshot::buildId).orElse("");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
