package dev.kubeward.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.cli.KubewardCli;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code kubeward runtime failed-batches} against a real server: a batch the database refuses to take the alert of
 * (a check constraint) is set aside after its one allowed attempt; the command lists it with the error (exit code 1),
 * a reader may not retry it, a securityAdmin can once the cause is gone, and then the list is empty (exit code 0).
 */
class FailedBatchesCommandIT {
  @Test
  void listsAndRetriesFailedBatches() {
    TestDatabase db = TestDatabases.h2();
    try (TestServer server = TestServer.start(db, "--kubeward.runtime.max-batch-attempts=1",
        "--kubeward.runtime.recovery-after=PT0S", "--kubeward.runtime.recovery-interval=PT1S",
        "--kubeward.jobs.poll-interval=PT0.2S")) {
      ApiClient admin = server.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Cli")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
          .asString();
      String sensor = token(admin, Map.of("name", "audit", "kind", "ingestion", "clusterId", cluster));
      String securityAdmin = token(admin, Map.of("name", "cli", "kind", "api", "role", "securityAdmin"));
      String reader = token(admin, Map.of("name", "ro", "kind", "api", "role", "reader"));

      StringWriter out = new StringWriter();
      assertThat(run(out, "--cluster", cluster, "--server", server.baseUrl(), "--token", reader)).isZero();
      assertThat(out.toString()).contains("No failed batches");

      db.jdbc().sql("alter table runtime_alerts add constraint cli_poison check (body not like '%cli-poison%')")
          .update();
      ApiClient.Response r = ApiClient.token(server.baseUrl(), sensor).sendRaw("POST",
          "/api/v1/ingest/runtime/kubernetes-audit", exec("cli-poison@example.com"), "application/json");
      assertThat(r.status()).as(r.toString()).isEqualTo(202);
      String batch = r.json().get("batchId").asString();
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          db.jdbc().sql("select count(*) from runtime_batches where id = ? and failed_at is not null").param(batch)
              .query(Long.class).single() == 1);

      out = new StringWriter();
      assertThat(run(out, "--cluster", cluster, "--server", server.baseUrl(), "--token", reader)).isEqualTo(1);
      assertThat(out.toString()).contains("1 failed batch(es)", batch, "1 attempts").containsIgnoringCase("cli_poison");

      StringWriter err = new StringWriter();
      assertThat(KubewardCli.execute(new String[] {"runtime", "failed-batches", "--cluster", cluster, "--server",
          server.baseUrl(), "--token", reader, "--retry", batch}, new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true))).isEqualTo(2);
      assertThat(err.toString()).contains("securityAdmin");

      db.jdbc().sql("alter table runtime_alerts drop constraint cli_poison").update();
      out = new StringWriter();
      assertThat(run(out, "--cluster", cluster, "--server", server.baseUrl(), "--token", securityAdmin, "--retry",
          batch)).isZero();
      assertThat(out.toString()).contains("queued");
      // The recovery's next sweep processes it: its alert appears, and the list is empty.
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
          db.jdbc().sql("select count(*) from runtime_alerts where cluster_id = ? and body like ?")
              .params(cluster, "%cli-poison%").query(Long.class).single() == 1);
      out = new StringWriter();
      assertThat(run(out, "--cluster", cluster, "--server", server.baseUrl(), "--token", reader)).isZero();
      assertThat(out.toString()).contains("No failed batches");
    }
  }

  static String token(ApiClient admin, Map<String, Object> body) {
    ApiClient.Response t = admin.post("/api/v1/tokens", body);
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    return t.json().get("secret").asString();
  }

  static int run(StringWriter out, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "runtime";
    all[1] = "failed-batches";
    System.arraycopy(args, 0, all, 2, args.length);
    return KubewardCli.execute(all, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
  }

  static String exec(String user) {
    Instant at = Instant.now();
    return """
        {"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[
         {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"cli-%s","stage":"ResponseComplete",
          "requestURI":"/api/v1/namespaces/shop/pods/web-1/exec?command=sh&container=web&stdin=true&tty=true",
          "verb":"create","user":{"username":"%s","groups":["system:authenticated"]},
          "sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.30.1",
          "objectRef":{"resource":"pods","namespace":"shop","name":"web-1","apiVersion":"v1","subresource":"exec"},
          "responseStatus":{"code":101},"annotations":{"authorization.k8s.io/decision":"allow"},
          "requestReceivedTimestamp":"%s","stageTimestamp":"%s"}]}""".formatted(at.toEpochMilli(), user, at, at);
  }
}
