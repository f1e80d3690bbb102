package dev.kubeward.server.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The advisory database shared through PostgreSQL between a server (A) and a {@code kubeward worker} (B) that have
 * folders of their own, as pods with emptyDirs do. A has a database imported from real OSV records; B starts with
 * none and ends up with A's build, opened and matching. Then A's folder gets a newer, larger import (as
 * {@code kubeward db import} in A's pod would) and B follows. Last, two damaged builds are published behind A's back
 * — one truncated, one with a wrong SHA-256 — and B refuses each with the reason in its log and keeps its database;
 * once they are gone, A's next build reaches B again and only the newest two builds stay in the table. A re-match job
 * for a build its runner lacks copies the build at once rather than failing and waiting for the next sync pass.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdvisoryDatabaseDistributionIT {
  @TempDir Path tmp;

  @Test
  void aWorkerWithoutAFolderOfItsOwnGetsTheServersBuildsAndRefusesDamagedOnes(CapturedOutput output) throws Exception {
    Path dirA = tmp.resolve("a/advisories");
    Path dirB = tmp.resolve("b/advisories");
    Path osv1 = AdvisoryFiles.extract("Bitnami.zip", tmp.resolve("in1/bitnami"), "BIT-activemq-2023-46604.json",
        "BIT-activemq-2020-11998.json");
    AdvisoryDatabaseUpdater updaterA = new AdvisoryDatabaseUpdater(dirA, Duration.ofDays(3650), Clock.systemUTC());
    String first = updaterA.importFiles(List.of(osv1)).status().buildId();

    TestDatabase db = TestDatabases.postgres();
    String[] common = {"--kubeward.advisories.sync.interval=PT1S", "--kubeward.vulnerability.tick=PT1S",
        "--kubeward.advisories.max-age=P3650D"};
    try (TestServer a = TestServer.start(db.shared(), concat(common, "--kubeward.advisories.dir=" + dirA));
        KubewardServer.Running b = KubewardServer.startWorker(new ServerOptions(0,
            Files.createDirectories(tmp.resolve("b/data")), Optional.of(db.url()), false), 1,
            concat(common, "--kubeward.advisories.dir=" + dirB))) {
      JdbcClient jdbc = db.jdbc();
      AdvisoryDatabaseProvider providerB = b.context().getBean(AdvisoryDatabaseProvider.class);
      AdvisoryDatabaseSync syncB = b.context().getBean(AdvisoryDatabaseSync.class);

      // 1. A publishes its build at start; B, which has none, copies it, opens it and matches with it.
      await().atMost(Duration.ofSeconds(30)).until(() -> buildOf(providerB).equals(first));
      assertThat(published(jdbc)).containsExactly(first);
      assertThat(sha256(dirB.resolve("advisories.kwdb"))).isEqualTo(sha256(dirA.resolve("advisories.kwdb")));
      assertThat(matches(providerB, "activemq", "5.15.12", Ecosystem.BITNAMI, "pkg:bitnami/activemq@5.15.12"))
          .contains("BIT-activemq-2023-46604");
      assertThat(output.getOut()).contains("advisory database build " + first).contains("copied from PostgreSQL");

      // 2. A newer, larger build in A's folder: A publishes it, B follows; both builds stay in the table.
      Path osv2 = AdvisoryFiles.extract("Kubernetes.zip", tmp.resolve("in2/kubernetes"), "CVE-2021-25741.json");
      long importStart = System.nanoTime();
      String second = updaterA.importFiles(List.of(osv2, AdvisoryFiles.advisories().resolve("osv/Go.zip")))
          .status().buildId();
      long imported = System.nanoTime();
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100))
          .until(() -> buildOf(providerB).equals(second));
      long followed = System.nanoTime();
      assertThat(published(jdbc)).containsExactly(second, first);
      // B never publishes a copy it received (its file keeps nanoseconds, the table microseconds).
      assertThat(jdbc.sql("select published_by from advisory_db_builds").query(String.class).list())
          .allMatch(p -> p.startsWith("server "));
      assertThat(matches(providerB, "k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES, "")).contains("CVE-2021-25741");
      assertThat(matches(providerB, "activemq", "5.15.12", Ecosystem.BITNAMI, "pkg:bitnami/activemq@5.15.12")).contains("BIT-activemq-2023-46604");
      long size = Files.size(dirA.resolve("advisories.kwdb"));
      System.err.printf("[kubeward-test] build of %.1f MB: imported in %d ms, in the worker's folder %d ms later"
          + " (publish + copy + open, 1 s sync interval)%n", size / 1e6, (imported - importStart) / 1_000_000,
          (followed - imported) / 1_000_000);

      // 3. A truncated copy and one with a wrong checksum, each newer than everything: refused, B keeps its build.
      Instant later = Instant.now().plus(1, ChronoUnit.DAYS);
      publishDamaged(jdbc, second, "damaged-truncated", later, true);
      await().atMost(Duration.ofSeconds(20)).until(() -> syncB.problem().contains("damaged-truncated"));
      assertThat(syncB.problem()).contains("was refused").contains("truncated or corrupt copy")
          .contains("keeping build " + second);
      publishDamaged(jdbc, second, "damaged-sha", later.plusSeconds(60), false);
      await().atMost(Duration.ofSeconds(20)).until(() -> syncB.problem().contains("damaged-sha"));
      assertThat(syncB.problem()).contains("was refused").contains("has SHA-256").contains("(corrupt copy)")
          .contains("keeping build " + second);
      assertThat(output.getOut()).contains("advisory database build damaged-sha published by test was refused");
      // The server refuses it too, and its clusters' status pages say so next to the database line.
      JsonNode line = advisoryStatusLine(a);
      assertThat(line.get("state").asString()).isEqualTo("failed");
      assertThat(line.get("detail").asString()).contains("build " + second, "shared builds:", "damaged-sha",
          "was refused");
      assertThat(buildOf(providerB)).isEqualTo(second);
      assertThat(b.context().getBean(io.micrometer.core.instrument.MeterRegistry.class)
          .get("kubeward.advisories.sync.problem").gauge().value()).isEqualTo(1.0);
      assertThat(sha256(dirB.resolve("advisories.kwdb"))).isEqualTo(sha256(dirA.resolve("advisories.kwdb")));
      assertThat(matches(providerB, "k8s.io/kubelet", "v1.20.0", Ecosystem.KUBERNETES, "")).contains("CVE-2021-25741");
      // Refused once, logged once: later passes do not try the same row again.
      Thread.sleep(2500);
      assertThat(output.getOut().split("damaged-sha published by test was refused", -1).length - 1)
          .as("refusals of one build logged by each process (A and B)").isEqualTo(2);

      // 4. The damaged rows gone, A's next build is published and followed; publishing keeps the newest two builds.
      jdbc.sql("delete from advisory_db_builds where build_id like 'damaged-%'").update();
      Path osv3 = AdvisoryFiles.extract("Bitnami.zip", tmp.resolve("in3/bitnami-again"), "BIT-activemq-2023-46604.json");
      String third = updaterA.importFiles(List.of(osv3)).status().buildId();
      await().atMost(Duration.ofSeconds(45)).until(() -> buildOf(providerB).equals(third));
      assertThat(published(jdbc)).containsExactly(third, second);
      assertThat(syncB.problem()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> advisoryStatusLine(a).get("state").asString().equals("ok"));
    } finally {
      db.close();
    }
  }

  @Test
  void aRematchJobForABuildItsRunnerLacksCopiesTheBuildAtOnce() throws Exception {
    Path dirA = tmp.resolve("a/advisories");
    AdvisoryDatabaseUpdater updaterA = new AdvisoryDatabaseUpdater(dirA, Duration.ofDays(3650), Clock.systemUTC());
    updaterA.importFiles(List.of(AdvisoryFiles.extract("Bitnami.zip", tmp.resolve("in1/bitnami"),
        "BIT-activemq-2020-11998.json")));
    TestDatabase db = TestDatabases.postgres();
    // A runs no jobs; B syncs only at start, so only the job can bring it A's next build.
    try (TestServer a = TestServer.start(db.shared(), "--kubeward.advisories.dir=" + dirA,
            "--kubeward.advisories.sync.interval=PT1S", "--kubeward.jobs.runner.enabled=false");
        KubewardServer.Running b = KubewardServer.startWorker(new ServerOptions(0,
            Files.createDirectories(tmp.resolve("b/data")), Optional.of(db.url()), false), 1,
            "--kubeward.advisories.dir=" + tmp.resolve("b/advisories"), "--kubeward.advisories.sync.interval=PT1H")) {
      JdbcClient jdbc = db.jdbc();
      AdvisoryDatabaseProvider providerB = b.context().getBean(AdvisoryDatabaseProvider.class);
      String second = updaterA.importFiles(List.of(AdvisoryFiles.extract("Bitnami.zip", tmp.resolve("in2/more"),
          "BIT-activemq-2023-46604.json"))).status().buildId();
      await().atMost(Duration.ofSeconds(20)).until(() -> published(jdbc).contains(second));
      assertThat(buildOf(providerB)).isNotEqualTo(second);
      long job = a.running().context().getBean(dev.kubeward.server.jobs.JobQueue.class).enqueue(
          dev.kubeward.server.vulnerability.VulnerabilityRematchJobs.TYPE, second + "|0|test",
          "{\"buildId\":\"" + second + "\",\"digests\":[]}").id();
      await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(jdbc.sql("select status from jobs where id = ?")
          .param(job).query(String.class).single()));
      assertThat(jdbc.sql("select attempts from jobs where id = ?").param(job).query(Integer.class).single())
          .as("done at the first attempt").isEqualTo(1);
      assertThat(buildOf(providerB)).isEqualTo(second);
    } finally {
      db.close();
    }
  }

  /** A copy of a good build's row and chunks under another id: without its last chunk, or with a wrong checksum. */
  /** The "Advisory database" line of a cluster's status page on server {@code a}. */
  private static JsonNode advisoryStatusLine(TestServer a) {
    ApiClient admin = a.admin();
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "status-" + System.nanoTime())).json().get("id")
        .asString();
    String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "c")).json().get("id")
        .asString();
    for (JsonNode c : admin.get("/api/v1/clusters/" + cluster + "/status").json().get("capabilities")) {
      if (c.get("capability").asString().equals("advisoryDatabase")) {
        return c;
      }
    }
    throw new AssertionError("no advisory database line on the status page");
  }

  private static void publishDamaged(JdbcClient jdbc, String from, String id, Instant builtAt, boolean truncate) {
    jdbc.sql("insert into advisory_db_builds (build_id, built_at, size_bytes, sha256, chunks, published_by,"
            + " published_at) select ?, ?, size_bytes, " + (truncate ? "sha256" : "repeat('0', 64)") + ", chunks"
            + (truncate ? " - 1" : "") + ", 'test', now() from advisory_db_builds where build_id = ?")
        .params(id, java.sql.Timestamp.from(builtAt), from).update();
    jdbc.sql("insert into advisory_db_build_chunks (build_id, seq, data) select ?, seq, data"
            + " from advisory_db_build_chunks where build_id = ?").params(id, from).update();
  }

  private static List<String> published(JdbcClient jdbc) {
    return jdbc.sql("select build_id from advisory_db_builds order by built_at desc").query(String.class).list();
  }

  private static String buildOf(AdvisoryDatabaseProvider p) {
    return p.current().map(AdvisoryDatabaseProvider.Snapshot::buildId).orElse("");
  }

  private static List<String> matches(AdvisoryDatabaseProvider p, String name, String version, Ecosystem e,
      String purl) {
    var report = p.current().orElseThrow().matcher().match(List.of(AdvisoryFiles.pkg(name, version, e, purl)),
        Optional.empty());
    System.err.println("[kubeward-test] " + name + ": " + report.matches().size() + " matches, undetermined "
        + report.undetermined() + ", status " + p.current().get().status().advisoriesByEcosystem());
    return report.matches().stream().flatMap(m -> java.util.stream.Stream.concat(java.util.stream.Stream.of(m.advisoryId()),
            m.aliases().stream())).toList();
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
