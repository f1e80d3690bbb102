package dev.kubeward.server.advisories;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.UpdateResult;
import dev.kubeward.server.jobs.Job;
import dev.kubeward.server.jobs.JobContext;
import dev.kubeward.server.jobs.JobHandler;
import dev.kubeward.server.jobs.JobQueue;
import dev.kubeward.server.jobs.JobResult;
import dev.kubeward.server.jobs.JobRunner;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
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
 * runs {@link AdvisoryDatabaseUpdater#update} with the configured mirrors and options — as {@code kubeward db update}
 * does — and publishes the new build through PostgreSQL. With embedded H2 it updates the single process's folder.
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
      if (q.enqueue(TYPE, KEY, "{}", due).created() && !due.isAfter(clock.instant())) {
        runner.getObject().nudge();
      }
    } catch (RuntimeException e) {
      log.warn("queueing the advisory database update failed (tried again next interval): {}", e.getMessage());
    }
  }

  @Override
  public JobResult handle(JobContext context) throws Exception {
    long start = System.nanoTime();
    AdvisoryDatabaseSync.Result before = sync.syncNow();
    UpdateResult r;
    try {
      r = new AdvisoryDatabaseUpdater(database.location(), maxAge, clock).update(props.update().settings());
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
