package dev.kubeward.server.advisories;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.DatabaseBuildFile;
import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.jobs.ProcessRole;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps this process's advisory database folder on the newest build published in PostgreSQL, and publishes the
 * folder's build when it is newer (after {@code kubeward db import|update} into this pod's folder, or an
 * {@code advisory-update} job). Runs at start and every {@code kubeward.advisories.sync.interval} (one indexed row
 * read when nothing changed), in servers and workers alike; only on PostgreSQL, and never in demo mode (a demo
 * database must not replace a real one).
 *
 * <p>A newer published build is streamed into a staging file of the folder, checked (size, SHA-256, build id, and
 * that this version opens it), renamed over the local file and opened ({@link AdvisoryDatabaseProvider#refresh()}),
 * so the assessments and {@code vulnerability-rematch} jobs see it. A copy that fails those checks is refused with
 * the reason logged once, and the previous database stays.
 */
@Component
public class AdvisoryDatabaseSync {
  private static final Logger log = LoggerFactory.getLogger(AdvisoryDatabaseSync.class);

  private final AdvisoryDatabaseProvider database;
  private final AdvisoryBuildStore store;
  private final SqlDialect dialect;
  private final AdvisoryDistributionProperties props;
  private final boolean demo;
  private final String processName;
  /** Published builds whose copy failed verification: not tried again (the row does not change). */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private volatile String problem = "";

  /** What one pass did. */
  public enum Action { OFF, IN_SYNC, PUBLISHED, FETCHED, REFUSED, FAILED }

  /**
   * The outcome of one pass.
   *
   * @param buildId the build published, copied or refused (or this process's build when nothing was done)
   * @param detail why, for refusals and failures
   */
  public record Result(Action action, String buildId, String detail) {}

  public AdvisoryDatabaseSync(AdvisoryDatabaseProvider database, AdvisoryBuildStore store, SqlDialect dialect,
      AdvisoryDistributionProperties props, ProcessRole role, @Value("${kubeward.demo:false}") boolean demo,
      MeterRegistry metrics) {
    this.database = database;
    this.store = store;
    this.dialect = dialect;
    this.props = props;
    this.demo = demo;
    this.processName = (role.worker() ? "worker " : "server ") + hostName() + " pid " + ProcessHandle.current().pid();
    Gauge.builder("kubeward.advisories.sync.problem", () -> active() ? (problem.isEmpty() ? 0 : 1) : Double.NaN)
        .description("1 when this process's last advisory database sync failed or refused the newest published build"
            + " (the log says why); NaN where builds are not shared (H2, demo)")
        .register(metrics);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  /** Whether builds are shared at all here: PostgreSQL, sync on, not demo mode. */
  public boolean active() {
    return props.sync().enabled() && dialect == SqlDialect.POSTGRESQL && !demo;
  }

  /** Records a pass's problem ("" after a good pass) here and for the status pages. */
  private void problem(String p) {
    problem = p;
    database.sharingProblem(p);
  }

  /** The last pass's problem (a refused copy, a failed publish), or "". */
  public String problem() {
    return problem;
  }

  @Scheduled(fixedDelayString = "${kubeward.advisories.sync.interval:PT60S}", initialDelayString = "PT0S")
  void scheduled() {
    if (!active()) {
      return;
    }
    try {
      syncNow();
    } catch (RuntimeException e) {
      log.warn("advisory database sync failed (tried again in {}): {}", props.sync().interval(), e.getMessage());
    }
  }

  /**
   * One pass: publish this folder's build if it is newer than the newest published one, else copy the newest
   * published build if this folder has another. Also called by jobs that need the newest build now.
   */
  public synchronized Result syncNow() {
    if (!active()) {
      return new Result(Action.OFF, "", "");
    }
    Path dir = database.location();
    Optional<DatabaseBuildFile.Build> local;
    try {
      local = DatabaseBuildFile.current(dir);
    } catch (AdvisoryDatabaseException e) {
      log.warn("the advisory database in {} cannot be read ({}); the newest published build replaces it", dir,
          e.getMessage());
      local = Optional.empty();
    }
    Optional<AdvisoryBuildStore.PublishedBuild> newest = store.newest();
    if (local.isPresent() && (newest.isEmpty() || local.get().builtAfter(newest.get().builtAt()))) {
      return publish(dir);
    }
    if (newest.isEmpty()) {
      problem("");
      return new Result(Action.IN_SYNC, "", "");
    }
    AdvisoryBuildStore.PublishedBuild b = newest.get();
    if (local.isPresent() && local.get().buildId().equals(b.buildId())) {
      problem(""); // e.g. a refused build was deleted: this process has the newest good one again
      return new Result(Action.IN_SYNC, b.buildId(), "");
    }
    if (refused.contains(b.buildId())) {
      return new Result(Action.REFUSED, b.buildId(), problem);
    }
    return fetch(dir, b, local);
  }

  private Result publish(Path dir) {
    long start = System.nanoTime();
    try {
      Optional<DatabaseBuildFile.Opened> opened = DatabaseBuildFile.open(dir);
      if (opened.isEmpty()) {
        return new Result(Action.IN_SYNC, "", "");
      }
      try (DatabaseBuildFile.Opened file = opened.get()) {
        AdvisoryBuildStore.Outcome outcome = store.publish(file, processName);
        if (outcome == AdvisoryBuildStore.Outcome.NOT_NEWER) {
          // Another process published the same or a newer build meanwhile: the next pass copies it if needed.
          return new Result(Action.IN_SYNC, file.build().buildId(), "");
        }
        log.info("advisory database build {} (built {}, {} bytes) published to PostgreSQL in {} ms",
            file.build().buildId(), file.build().builtAt(), file.size(), (System.nanoTime() - start) / 1_000_000);
        problem("");
        return new Result(Action.PUBLISHED, file.build().buildId(), "");
      }
    } catch (IOException | RuntimeException e) {
      problem("publishing the advisory database from " + dir + " failed: " + e.getMessage());
      log.warn(problem);
      return new Result(Action.FAILED, "", problem);
    }
  }

  private Result fetch(Path dir, AdvisoryBuildStore.PublishedBuild b, Optional<DatabaseBuildFile.Build> local) {
    long start = System.nanoTime();
    String keeping = local.map(l -> "keeping build " + l.buildId()).orElse("this process has no advisory database");
    try (InputStream in = store.open(b)) {
      DatabaseBuildFile.install(dir, in, b.sizeBytes(), b.sha256(), b.buildId());
    } catch (DatabaseBuildFile.RefusedCopyException e) {
      refused.add(b.buildId());
      problem("advisory database build " + b.buildId() + " published by " + b.publishedBy() + " was refused: "
          + e.getMessage() + "; " + keeping);
      log.error(problem);
      return new Result(Action.REFUSED, b.buildId(), problem);
    } catch (IOException | RuntimeException e) {
      problem("copying advisory database build " + b.buildId() + " from PostgreSQL failed (tried again next pass): "
          + e.getMessage() + "; " + keeping);
      log.warn(problem);
      return new Result(Action.FAILED, b.buildId(), problem);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    database.refresh();
    problem("");
    log.info("advisory database build {} (built {}, {} bytes, published by {}) copied from PostgreSQL into {} in {} ms",
        b.buildId(), b.builtAt(), b.sizeBytes(), b.publishedBy(), dir, ms);
    return new Result(Action.FETCHED, b.buildId(), "");
  }
}
