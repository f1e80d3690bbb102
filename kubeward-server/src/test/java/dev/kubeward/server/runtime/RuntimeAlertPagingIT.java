package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The alert list pages with a cursor past any size: 2,500 alerts (each exec by its own user) paged through in every
 * sort while a sensor keeps posting batches that raise new alerts, some newer and some older than the ones listed —
 * every alert that existed when paging began is seen exactly once, and no alert twice. H2 here, PostgreSQL in
 * {@link RuntimeAlertPagingPostgresIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeAlertPagingIT {
  static final int ALERTS = 2500;
  static final int PER_BATCH = 50;

  TestServer server;
  ApiClient reader;
  ApiClient sensor;
  String cluster;

  TestDatabase database() {
    return TestDatabases.h2();
  }

  @BeforeAll
  void start() {
    server = TestServer.start(database(), "--kubeward.runtime.workers=2");
    ApiClient admin = server.admin();
    reader = server.tokenWithRole("reader");
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Paging")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id")
        .asString();
    ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "audit", "kind", "ingestion",
        "clusterId", cluster));
    sensor = ApiClient.token(server.baseUrl(), t.json().get("secret").asString());
    Instant at = Instant.now().minus(Duration.ofMinutes(30));
    for (int b = 0; b < ALERTS / PER_BATCH; b++) {
      post("first-" + b, at.plusSeconds(b));
    }
    Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
        .until(() -> alertIds().size() == ALERTS);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  void post(String tag, Instant at) {
    ApiClient.Response r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit",
        ExecBatches.execs(tag, PER_BATCH, at), "application/json");
    // 429 is the queue saying "later": wait as a sensor would.
    for (int i = 0; i < 100 && r.status() == 429; i++) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit", ExecBatches.execs(tag, PER_BATCH, at),
          "application/json");
    }
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
  }

  Set<String> alertIds() {
    return new HashSet<>(server.database().jdbc().sql("select id from runtime_alerts where cluster_id = ?")
        .param(cluster).query(String.class).list());
  }

  @Test
  void everySortPagesThroughAllAlertsWithoutGapsOrDuplicatesWhileNewAlertsArrive() throws Exception {
    for (String sort : new String[] {"", "-lastSeen", "lastSeen", "risk", "created", "-created"}) {
      Set<String> before = alertIds();
      AtomicBoolean paging = new AtomicBoolean(true);
      AtomicInteger posted = new AtomicInteger();
      Thread inserts = new Thread(() -> {
        // New alerts keep arriving while the pages are read: every other batch newer than all listed alerts,
        // the others older than all of them, so they land both behind and ahead of the cursor.
        for (int i = 0; paging.get(); i++) {
          Instant at = i % 2 == 0 ? Instant.now() : Instant.now().minus(Duration.ofHours(2));
          post("late-" + sort + "-" + i, at);
          posted.incrementAndGet();
          try {
            Thread.sleep(150); // a steady stream, not a flood the pipeline needs minutes to work off
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      inserts.start();
      List<String> seen = new ArrayList<>();
      int pages = 0;
      String cursor = null;
      try {
        do {
          ApiClient.Response r = reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts?limit=100"
              + (sort.isEmpty() ? "" : "&sort=" + sort) + (cursor == null ? "" : "&cursor=" + cursor));
          assertThat(r.status()).as(r.toString()).isEqualTo(200);
          JsonNode page = r.json();
          assertThat(page.get("items").size()).isLessThanOrEqualTo(100);
          page.get("items").forEach(a -> seen.add(a.get("id").asString()));
          JsonNode next = page.path("nextCursor");
          cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
          pages++;
          Thread.sleep(20); // let the inserts interleave with the pages
        } while (cursor != null);
      } finally {
        paging.set(false);
        inserts.join();
      }
      assertThat(posted.get()).as("batches posted while paging with sort '" + sort + "'").isPositive();
      assertThat(pages).isGreaterThanOrEqualTo(ALERTS / 100);
      assertThat(new HashSet<>(seen)).as("no alert twice (sort '" + sort + "')").hasSize(seen.size());
      assertThat(seen).as("no gaps (sort '" + sort + "')").containsAll(before);
    }
    // The late batches were real inserts: they raise alerts of their own.
    Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
        .until(() -> alertIds().size() > ALERTS);
  }

  @Test
  void aCursorIsCheckedAndBelongsToItsSort() {
    String base = "/api/v1/clusters/" + cluster + "/runtime/alerts?limit=10";
    JsonNode first = reader.get(base).json();
    assertThat(first.get("items")).hasSize(10);
    String cursor = first.get("nextCursor").asString();
    assertThat(reader.get(base + "&cursor=" + cursor).status()).isEqualTo(200);
    assertThat(reader.get(base + "&sort=risk&cursor=" + cursor).status()).isEqualTo(400);
    assertThat(reader.get(base + "&cursor=not-a-cursor").status()).isEqualTo(400);
    assertThat(reader.get(base + "&sort=title").status()).isEqualTo(400);
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts?limit=501").status()).isEqualTo(400);
    assertThat(reader.get(base + "&status=Active").json().get("items")).hasSize(10);
    assertThat(reader.get(base + "&status=Resolved").json().get("items")).isEmpty();
  }
}
