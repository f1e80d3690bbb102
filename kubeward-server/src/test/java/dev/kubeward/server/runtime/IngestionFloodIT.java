package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Fault test: a sensor floods the runtime ingestion endpoint (many concurrent clients posting batches as fast as they
 * can, ignoring Retry-After) while a browser-less dashboard client keeps reading the findings bar and the alert list.
 * The dashboard stays responsive (p95 under 2 s on this shared 2-core machine), the flood is answered with 429 and a
 * Retry-After, and nothing is dropped silently: every 429 a client saw is counted for the sensor and in the metrics,
 * and every accepted event is stored. On PostgreSQL when {@code KUBEWARD_TEST_POSTGRES_URL} is set, else on H2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionFloodIT {
  static final int FLOODERS = 12;
  static final int EVENTS_PER_BATCH = 100;
  static final Duration FLOOD = Duration.ofSeconds(20);
  static final long P95_BOUND_MS = 2000;

  TestServer server;
  ApiClient reader;
  String sensorSecret;
  String cluster;

  @BeforeAll
  void start() {
    String pg = System.getenv(TestDatabases.POSTGRES_ENV);
    TestDatabase db;
    if (pg == null || pg.isBlank()) {
      System.err.println("[kubeward-test] " + TestDatabases.POSTGRES_ENV + " is not set: the flood test runs on H2");
      db = TestDatabases.h2();
    } else {
      db = TestDatabases.postgres();
    }
    // A small event queue and one pipeline thread, so a dozen clients fill it within seconds.
    server = TestServer.start(db, "--kubeward.runtime.queue-capacity=3000", "--kubeward.runtime.workers=1",
        "--kubeward.runtime.max-concurrent-parses=4");
    ApiClient admin = server.admin();
    reader = server.tokenWithRole("reader");
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Flood")).json().get("id").asString();
    cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "busy")).json().get("id")
        .asString();
    ApiClient.Response t = admin.post("/api/v1/tokens", Map.of("name", "flooding-sensor", "kind", "ingestion",
        "clusterId", cluster));
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    sensorSecret = t.json().get("secret").asString();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** An audit batch of {@code n} events: execs into pods (which the detections alert on) and plain reads. */
  static String batch(int flooder, int seq, int n) {
    StringBuilder sb = new StringBuilder("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[");
    Instant at = Instant.now();
    for (int i = 0; i < n; i++) {
      boolean exec = i % 10 == 0;
      String pod = "web-" + (i % 7);
      sb.append(i == 0 ? "" : ",").append("""
          {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"f%d-%d-%d","stage":"ResponseComplete",
           "requestURI":"/api/v1/namespaces/shop/pods/%s%s","verb":"%s","user":{"username":"dev%d@example.com"},
           "sourceIPs":["203.0.113.7"],"objectRef":{"resource":"pods","namespace":"shop","name":"%s","apiVersion":"v1"%s},
           "responseStatus":{"code":%d},"requestReceivedTimestamp":"%s","stageTimestamp":"%s"}"""
          .formatted(flooder, seq, i, pod, exec ? "/exec?command=sh" : "", exec ? "create" : "get", flooder, pod,
              exec ? ",\"subresource\":\"exec\"" : "", exec ? 101 : 200, at, at));
    }
    return sb.append("]}").toString();
  }

  static long p95(List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
  }

  @Test
  void aFloodingSensorGets429WithRetryAfterCountedAndTheDashboardStaysResponsive() throws Exception {
    RuntimePipelineService pipeline = server.running().context().getBean(RuntimePipelineService.class);
    RuntimeEventStore events = server.running().context().getBean(RuntimeEventStore.class);
    MeterRegistry registry = server.running().context().getBean(MeterRegistry.class);
    double throttledMetricBefore = throttledRequests(registry);
    List<String> dashboard = List.of("/api/v1/clusters/" + cluster + "/findings-bar",
        "/api/v1/clusters/" + cluster + "/runtime/alerts");
    for (String path : dashboard) {
      assertThat(reader.get(path).status()).as(path).isEqualTo(200);
    }

    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger accepted = new AtomicInteger();
    AtomicLong acceptedEvents = new AtomicLong();
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger withoutRetryAfter = new AtomicInteger();
    Map<Integer, AtomicInteger> other = new ConcurrentHashMap<>();
    ExecutorService sensors = Executors.newFixedThreadPool(FLOODERS);
    for (int f = 0; f < FLOODERS; f++) {
      int flooder = f;
      sensors.submit(() -> {
        ApiClient sensor = ApiClient.token(server.baseUrl(), sensorSecret);
        // Bodies made up front: the flood's CPU should be the server's, not this JVM building JSON.
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
          bodies.add(batch(flooder, b, EVENTS_PER_BATCH));
        }
        int seq = 0;
        while (flooding.get()) {
          ApiClient.Response r = sensor.sendRaw("POST", "/api/v1/ingest/runtime/kubernetes-audit",
              bodies.get(seq++ % bodies.size()), "application/json");
          if (r.status() == 202) {
            accepted.incrementAndGet();
            acceptedEvents.addAndGet(r.json().get("events").asLong());
          } else if (r.status() == 429) {
            throttled.incrementAndGet();
            String retry = r.header("Retry-After");
            if (retry == null || !retry.matches("[1-9][0-9]*")) {
              withoutRetryAfter.incrementAndGet();
            }
          } else {
            other.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
          }
        }
        return null;
      });
    }

    // The dashboard user meanwhile: the findings bar and the alert list, one request every 100 ms.
    List<Long> latencies = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long end = System.nanoTime() + FLOOD.toNanos();
    int i = 0;
    while (System.nanoTime() < end) {
      String path = dashboard.get(i++ % dashboard.size());
      long t0 = System.nanoTime();
      ApiClient.Response r = reader.get(path);
      latencies.add((System.nanoTime() - t0) / 1_000_000L);
      if (r.status() != 200) {
        failures.add(path + " -> " + r.status());
      }
      Thread.sleep(100);
    }
    flooding.set(false);
    sensors.shutdown();
    assertThat(sensors.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    long p95 = p95(latencies);
    long max = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
    System.err.printf("[kubeward-test] flood of %d clients for %d s: %d batches accepted (%d events), %d answered"
            + " 429; dashboard %d requests, p50 %d ms, p95 %d ms, max %d ms%n", FLOODERS, FLOOD.toSeconds(),
        accepted.get(), acceptedEvents.get(), throttled.get(), latencies.size(),
        latencies.stream().sorted().toList().get(latencies.size() / 2), p95, max);

    // The dashboard stayed responsive.
    assertThat(failures).isEmpty();
    assertThat(p95).as("dashboard p95 during the flood, ms").isLessThan(P95_BOUND_MS);

    // The flood was refused loudly, with Retry-After, and nothing else went wrong.
    assertThat(throttled.get()).as("429 answers").isPositive();
    assertThat(accepted.get()).as("accepted batches").isPositive();
    assertThat(withoutRetryAfter.get()).as("429s without a Retry-After").isZero();
    assertThat(other).as("answers other than 202 and 429").isEmpty();

    // None dropped silently: every 429 is counted for the sensor and in the metrics...
    long sensorThrottled = 0;
    for (JsonNode s : reader.get("/api/v1/clusters/" + cluster + "/runtime/sensors").json()) {
      sensorThrottled += s.get("throttledBatches").asLong();
    }
    assertThat(sensorThrottled).as("the sensor status's throttled batches").isEqualTo(throttled.get());
    assertThat(throttledRequests(registry) - throttledMetricBefore).as("kubeward_ingest_requests_total{throttled}")
        .isEqualTo(throttled.get());
    assertThat(registry.find(dev.kubeward.server.metrics.IngestionMetrics.DROPPED).counters().stream()
        .mapToDouble(c -> c.count()).sum()).as("events dropped after acceptance").isZero();
    // ...and every accepted event is stored and goes through the detections.
    assertThat(events.count(cluster)).as("stored events").isEqualTo(acceptedEvents.get());
    assertThat(pipeline.awaitIdle(Duration.ofSeconds(120))).as("the pipeline drains").isTrue();
    assertThat(reader.get("/api/v1/clusters/" + cluster + "/runtime/alerts").json().size())
        .as("the accepted execs raised alerts").isPositive();
  }

  private static double throttledRequests(MeterRegistry registry) {
    return registry.find(dev.kubeward.server.metrics.IngestionMetrics.REQUESTS).tag("outcome", "throttled").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
