package dev.kubeward.advisories;

import dev.kubeward.advisories.internal.build.DatabaseFolder;
import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.StoredSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An opened advisory database (read-only). Opening maps the file and reads its directory only, so it takes
 * milliseconds; lookups go through sorted indexes. Thread-safe; an update replaces the file atomically, and a database
 * opened before keeps reading the old one until reopened (compare {@link #buildId()}).
 */
public final class AdvisoryDatabase implements AutoCloseable {
  /** Past this age a database is stale unless configured otherwise. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  private final Path dir;
  private final AdvisoryStore store;

  private AdvisoryDatabase(Path dir, AdvisoryStore store) {
    this.dir = dir;
    this.store = store;
  }

  /**
   * Opens the database in a folder.
   *
   * @throws AdvisoryDatabaseException when there is none or it is unreadable; the message says what to run
   */
  public static AdvisoryDatabase open(Path dir) throws AdvisoryDatabaseException {
    Path file = new DatabaseFolder(dir).dbFile();
    if (!Files.isRegularFile(file)) {
      throw new AdvisoryDatabaseException("no advisory database in " + dir
          + "; run 'kubeward db update' (online) or 'kubeward db import' (offline)");
    }
    try {
      return new AdvisoryDatabase(dir, AdvisoryStore.open(file));
    } catch (IOException e) {
      throw new AdvisoryDatabaseException(e.getMessage(), e);
    }
  }

  /** True when {@code dir} holds a database file (readable or not: {@link #open} tells). */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(new DatabaseFolder(dir).dbFile());
  }

  /** The folder used when none is given: {@code KUBEWARD_DB_DIR}, else {@code ~/.kubeward/db}. */
  public static Path defaultLocation() {
    String env = System.getenv("KUBEWARD_DB_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".kubeward", "db");
  }

  /** The status of the database in {@code dir}, {@link Freshness#MISSING} when there is none. */
  public static DatabaseStatus status(Path dir, Duration maxAge, Clock clock) throws AdvisoryDatabaseException {
    if (!Files.isRegularFile(new DatabaseFolder(dir).dbFile())) {
      return DatabaseStatus.missing(dir, maxAge);
    }
    try (AdvisoryDatabase db = open(dir)) {
      return db.status(maxAge, clock);
    }
  }

  /** This database's status judged against {@code maxAge} at {@code clock}'s time. */
  public DatabaseStatus status(Duration maxAge, Clock clock) {
    DatabaseMetadata m = store.metadata();
    Instant builtAt = Instant.parse(m.builtAt());
    Instant oldest = null;
    List<SourceStatus> sources = new ArrayList<>();
    for (StoredSource s : m.sources()) {
      Instant retrieved = s.retrievedAt().isEmpty() ? builtAt : Instant.parse(s.retrievedAt());
      oldest = oldest == null || retrieved.isBefore(oldest) ? retrieved : oldest;
      sources.add(new SourceStatus(s.slot(), s.sourceId(), s.origin(), s.sha256(), s.size(), s.records(), s.issues(),
          retrieved));
    }
    Instant lastUpdated = oldest == null ? builtAt : oldest;
    Duration age = Duration.between(lastUpdated, clock.instant());
    Freshness freshness = age.compareTo(maxAge) > 0 ? Freshness.STALE : Freshness.FRESH;
    return new DatabaseStatus(dir, freshness, m.buildId(), builtAt, lastUpdated, age, maxAge, List.copyOf(sources),
        m.advisoriesByEcosystem(), m.advisories(), m.withdrawn(), m.kevEntries(), m.epssScores(), m.nvdCves(),
        m.issueCount(), m.issues());
  }

  /** Changes with every update or import; stored results older than another build id deserve re-matching. */
  public String buildId() {
    return store.metadata().buildId();
  }

  public Path location() {
    return dir;
  }

  AdvisoryStore store() {
    return store;
  }

  @Override
  public void close() {
    // The mapping is released by the garbage collector; there is nothing else to close.
  }
}
