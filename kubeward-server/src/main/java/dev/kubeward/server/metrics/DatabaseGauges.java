package dev.kubeward.server.metrics;

import dev.kubeward.advisories.DatabaseStatus;
import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Gauges read from the database and the advisory folder: the notification outbox backlog, how old each kind's newest
 * findings report is, the advisory database's age, and the job queue's depth per type and state. Values are
 * cached for a few seconds so a scrape every 15 s costs a handful of indexed counts; while the database is down they
 * read NaN instead of failing the scrape.
 */
final class DatabaseGauges {
  private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);
  static final Duration CACHE = Duration.ofSeconds(10);
  static final List<String> OUTBOX_STATES = List.of("pending", "failed");
  static final List<String> FINDING_KINDS = java.util.Arrays.stream(dev.kubeward.model.FindingKind.values())
      .map(dev.kubeward.server.findings.FindingEnums::kind).toList();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Supplier<Optional<DatabaseStatus>> advisories;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  DatabaseGauges(MeterRegistry registry, JdbcClient jdbc, Clock clock, Supplier<Optional<DatabaseStatus>> advisories,
      JobQueue jobs, List<String> jobTypes) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.advisories = advisories;
    for (String state : OUTBOX_STATES) {
      Gauge.builder("kubeward.outbox.backlog", () -> outbox().getOrDefault(state, 0L))
          .description("Notification messages not yet delivered, by state").tag("state", state).register(registry);
    }
    for (String kind : FINDING_KINDS) {
      Gauge.builder("kubeward.findings.report.age", () -> reportAge(kind))
          .description("Seconds since the newest stored findings report of this kind (NaN: none yet)")
          .tag("kind", kind).baseUnit("seconds").register(registry);
    }
    Gauge.builder("kubeward.advisories.age", this::advisoryAge)
        .description("Age of the vulnerability database in seconds (NaN: no database)").baseUnit("seconds")
        .register(registry);
    Gauge.builder("kubeward.advisories.stale", () -> cached("advisories.stale", () -> {
          DatabaseStatus st = advisoryStatus();
          return st == null || st.lastUpdated() == null
              || Duration.between(st.lastUpdated(), clock.instant()).compareTo(st.maxAge()) > 0 ? 1 : 0;
        }))
        .description("1 when the vulnerability database is missing or older than its maximum age").register(registry);
    List<String> types = new java.util.ArrayList<>(List.of(ALL_TYPES));
    types.addAll(jobTypes);
    for (String type : types) {
      for (String state : JOB_STATES) {
        Gauge.builder("kubeward.jobs.queue.depth", () -> jobDepth(jobs, type, state))
            .description("Jobs in the queue by type (\"all\" sums them) and state: due (ready, waiting for a runner),"
                + " waiting (backoff or scheduled), running (leased), dead (given up)")
            .tag("type", type).tag("state", state).register(registry);
      }
    }
  }

  static final String ALL_TYPES = "all";
  static final List<String> JOB_STATES = List.of("due", "waiting", "running", "dead");

  private double jobDepth(JobQueue jobs, String type, String state) {
    @SuppressWarnings("unchecked")
    List<QueueDepth> depth = (List<QueueDepth>) cachedObject("jobs", jobs::depth);
    if (depth == null) {
      return Double.NaN;
    }
    return depth.stream().filter(d -> type.equals(ALL_TYPES) || d.type().equals(type)).mapToLong(d -> switch (state) {
      case "due" -> d.due();
      case "waiting" -> d.waiting();
      case "running" -> d.running();
      default -> d.dead();
    }).sum();
  }

  private Map<String, Long> outbox() {
    @SuppressWarnings("unchecked")
    Map<String, Long> m = (Map<String, Long>) cachedObject("outbox", () -> {
      Map<String, Long> counts = new ConcurrentHashMap<>();
      jdbc.sql("select state as s, count(*) as n from notification_outbox where state in ('pending', 'failed')"
              + " group by state")
          .query((rs, i) -> counts.put(rs.getString("s"), rs.getLong("n"))).list();
      return counts;
    });
    return m == null ? Map.of("pending", -1L, "failed", -1L) : m;
  }

  private double reportAge(String kind) {
    return cached("report." + kind, () -> {
      Instant newest = jdbc.sql("select max(last_report_at) as t from finding_sources where kind = ?")
          .param(kind)
          .query((rs, i) -> Timestamps.read(rs, "t")).single();
      return newest == null ? Double.NaN : Duration.between(newest, clock.instant()).toMillis() / 1000.0;
    });
  }

  private double advisoryAge() {
    return cached("advisories.age", () -> {
      DatabaseStatus s = advisoryStatus();
      return s == null || s.lastUpdated() == null ? Double.NaN
          : Duration.between(s.lastUpdated(), clock.instant()).toMillis() / 1000.0;
    });
  }

  /** The status of the database the server matches with (as its provider last opened it); null when none. */
  private DatabaseStatus advisoryStatus() {
    return advisories.get().orElse(null);
  }

  private double cached(String key, Supplier<Number> read) {
    Object v = cachedObject(key, read::get);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private Object cachedObject(String key, ThrowingSupplier read) {
    Instant now = clock.instant();
    Cached c = cache.get(key);
    if (c != null && c.at.plus(CACHE).isAfter(now)) {
      return c.value;
    }
    Object value;
    try {
      value = read.get();
    } catch (Exception e) {
      // A gauge must never fail a scrape: the database being down is what the health checks report.
      log.debug("metric {} unavailable: {}", key, e.toString());
      value = null;
    }
    cache.put(key, new Cached(value, now));
    return value;
  }

  private interface ThrowingSupplier {
    Object get() throws Exception;
  }

  private record Cached(Object value, Instant at) {}
}
