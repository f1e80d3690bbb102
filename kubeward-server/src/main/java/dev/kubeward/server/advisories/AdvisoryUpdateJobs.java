package dev.kubeward.server.advisories;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.UpdateResult;
import dev.kubeward.advisories.UpdateSettings;
import dev.kubeward.server.jobs.Job;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.jobs.JobHandler;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.JobResult;
import dev.kubeward.server.jobs.JobRunner;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The optional periodic update of the advisory database from mirrors, as the {@value #TYPE} job of the durable queue:
 * one update at a time for the whole installation (dedup key {@value #KEY}), run by whichever job runner claims it,
 * every {@code kubeward.advisories.update.interval} after the last one finished. Off unless that interval is set: an
 * air-gapped install never reaches out on its own. Every process checks at start and every
 * {@code kubeward.advisories.sync.interval} that the next update is queued (due later when the last one is recent).
 *
 * <p>The job first takes the newest published build ({@link AdvisoryDatabaseSync}), so files that did not change
 * upstream are recognised by their checksum and cause no new build (a new build id makes every server re-match), then
 * runs {@link AdvisoryDatabaseUpdater#update} with the mirrors and options of the process that queued it (carried in
 * the payload) — as {@code kubeward db update} does — and publishes the new build through PostgreSQL. With embedded H2 it updates the single process's folder.
 */
@Component
public class AdvisoryUpdateJobs implements JobHandler {
  /** The job type. */
  public static final String TYPE = "advisory-update";
  /** The one dedup key: one update at a time. */
  static final String KEY = "update";
  private static final Logger log = LoggerFactory.getLogger(AdvisoryUpdateJobs.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AdvisoryDatabaseProvider database;
  private final AdvisoryDatabaseSync sync;
  // Providers: the job queue and runner find their handlers (this one among them) when they are built.
  private final ObjectProvider<JobQueue> queue;
  private final ObjectProvider<JobRunner> runner;
  private final AdvisoryDistributionProperties props;
  private final Duration maxAge;
  private final boolean demo;
  private final Clock clock;

  public AdvisoryUpdateJobs(AdvisoryDatabaseProvider database, AdvisoryDatabaseSync sync,
      ObjectProvider<JobQueue> queue, ObjectProvider<JobRunner> runner, AdvisoryDistributionProperties props,
      @Value("${kubeward.advisories.max-age:P7D}") Duration maxAge, @Value("${kubeward.demo:false}") boolean demo,
      Clock clock) {
    this.database = database;
    this.sync = sync;
    this.queue = queue;
    this.runner = runner;
    this.props = props;
    this.maxAge = maxAge;
    this.demo = demo;
    this.clock = clock;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int maxAttempts() {
    return 3;
  }

  /** Keeps the next update queued, due one interval after the last finished (at once when there was none). */
  @Scheduled(fixedDelayString = "${kubeward.advisories.sync.interval:PT60S}", initialDelayString = "PT0S")
  public void schedule() {
    Optional<Duration> interval = props.update().interval();
    if (interval.isEmpty() || demo) {
      return;
    }
    try {
      JobQueue q = queue.getObject();
      if (q.active(TYPE, KEY).isPresent()) {
        return;
      }
      Instant due = q.list(Optional.of(TYPE), Optional.empty(), 1).stream().findFirst().map(Job::finishedAt)
          .filter(Objects::nonNull).map(t -> t.plus(interval.get())).orElse(clock.instant());
      if (q.enqueue(TYPE, KEY, payload(props.update()), due).created() && !due.isAfter(clock.instant())) {
        runner.getObject().nudge();
      }
    } catch (RuntimeException e) {
      log.warn("queueing the advisory database update failed (tried again next interval): {}", e.getMessage());
    }
  }

  /**
   * The job's payload: the scheduling process's update options, so the runner that claims the job fetches from the
   * configured mirrors even if its own process was started without them.
   */
  static String payload(AdvisoryDistributionProperties.Update u) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("mirror", u.mirror().map(URI::toString).orElse(""));
    Map<String, String> sources = new TreeMap<>();
    u.sourceMirror().forEach((k, v) -> sources.put(k, v.toString()));
    p.put("sourceMirror", sources);
    p.put("ecosystems", u.ecosystems());
    p.put("skip", u.skip());
    p.put("nvdFrom", u.nvdFrom());
    p.put("timeoutSeconds", u.timeout().toSeconds());
    return JSON.writeValueAsString(p);
  }

  static UpdateSettings settings(String payload) {
    JsonNode p = JSON.readTree(payload);
    String mirror = p.path("mirror").asString("");
    Map<String, URI> sources = new LinkedHashMap<>();
    p.path("sourceMirror").properties().forEach(e -> sources.put(e.getKey(), URI.create(e.getValue().asString())));
    List<String> ecosystems = new ArrayList<>();
    p.path("ecosystems").forEach(n -> ecosystems.add(n.asString()));
    Set<String> skip = new HashSet<>();
    p.path("skip").forEach(n -> skip.add(n.asString()));
    return new UpdateSettings(mirror.isBlank() ? Optional.empty() : Optional.of(URI.create(mirror)), sources,
        ecosystems, skip, p.path("nvdFrom").asInt(2002), Duration.ofSeconds(p.path("timeoutSeconds").asLong(300)));
  }

  @Override
  public JobResult handle(JobContext context) throws Exception {
    long start = System.nanoTime();
    AdvisoryDatabaseSync.Result before = sync.syncNow();
    UpdateSettings settings = settings(context.payload());
    UpdateResult r;
    try {
      r = new AdvisoryDatabaseUpdater(database.location(), maxAge, clock).update(settings);
    } catch (AdvisoryDatabaseException e) {
      throw new IllegalStateException("advisory database update failed: " + e.getMessage(), e);
    }
    database.refresh();
    AdvisoryDatabaseSync.Result after = sync.syncNow();
    long ms = (System.nanoTime() - start) / 1_000_000;
    log.info("advisory database update: build {}, {} file(s) downloaded, {} unchanged, {} not published, {}"
        + " malformed record(s); {} in {} ms", r.status().buildId(), r.downloaded().size(), r.unchanged().size(),
        r.notPublished().size(), r.issueCount(), after.action() == AdvisoryDatabaseSync.Action.PUBLISHED
            ? "published to every process" : "nothing new to publish (" + after.action() + ")", ms);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("buildId", r.status().buildId());
    out.put("downloaded", r.downloaded().size());
    out.put("unchanged", r.unchanged().size());
    out.put("notPublished", r.notPublished().size());
    out.put("issues", r.issueCount());
    out.put("syncBefore", before.action().name());
    out.put("published", after.action() == AdvisoryDatabaseSync.Action.PUBLISHED);
    out.put("millis", ms);
    return JobResult.of(JSON.writeValueAsString(out));
  }
}
