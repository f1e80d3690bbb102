package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.StoredSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database folder: {@code advisories.kwdb} (what readers open), {@code sources/} (the files it was built from,
 * named by checksum, so conditional downloads and rebuilds need nothing else), {@code .staging-*} (work in progress)
 * and {@code .lock}. A new database is built completely in staging and then moved over the old file in one atomic
 * rename, so a failed or interrupted update leaves the previous database in place and readable.
 */
public final class DatabaseFolder {
  public static final String DB_FILE = "advisories.kwdb";
  private static final String STAGING_PREFIX = ".staging-";

  private final Path dir;

  public DatabaseFolder(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path dbFile() {
    return dir.resolve(DB_FILE);
  }

  public Path sourcesDir() {
    return dir.resolve("sources");
  }

  /** A file the database was built from, in {@code sources/}. */
  public Path cached(StoredSource s) {
    return sourcesDir().resolve(s.cachedFile());
  }

  /** The current database's metadata, or empty when there is none or it cannot be read. */
  public Optional<DatabaseMetadata> currentMetadata() {
    if (!Files.isRegularFile(dbFile())) {
      return Optional.empty();
    }
    try {
      return Optional.of(AdvisoryStore.readMetadata(dbFile()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes the folder's write lock; one update or import at a time.
   *
   * @throws IOException when another process holds it
   */
  public Closeable lock() throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("another update or import of " + dir + " is running");
    }
    FileLock held = lock;
    return () -> {
      held.release();
      ch.close();
    };
  }

  /** A fresh staging folder; leftovers of interrupted runs are removed first (the caller holds the lock). */
  public Path newStaging() throws IOException {
    Files.createDirectories(dir);
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
      for (Path p : old) {
        deleteTree(p);
      }
    }
    return Files.createDirectory(dir.resolve(STAGING_PREFIX + UUID.randomUUID()));
  }

  /** The cache name of a file: checksum prefix plus a readable rendering of its slot. */
  public static String cacheName(String sha256, String slot) {
    String readable = slot.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (readable.length() > 100) {
      readable = readable.substring(readable.length() - 100);
    }
    return sha256.substring(0, 16) + "-" + readable;
  }

  /**
   * Moves new source files out of staging into {@code sources/}, then the built database over the current one, then
   * removes source files no longer referenced.
   */
  public void install(Path builtDb, List<BuildInput> inputs) throws IOException {
    Files.createDirectories(sourcesDir());
    Set<String> keep = new HashSet<>();
    for (BuildInput in : inputs) {
      Path target = cached(in.meta());
      keep.add(target.getFileName().toString());
      if (!in.file().equals(target) && !Files.exists(target)) {
        Files.move(in.file(), target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try {
      Files.move(builtDb, dbFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + dbFile() + " atomically: " + e.getMessage(), e);
    }
    try (DirectoryStream<Path> cached = Files.newDirectoryStream(sourcesDir())) {
      for (Path p : cached) {
        if (!keep.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Moves a complete database file (built or received elsewhere) over the current one in one atomic rename, leaving
   * {@code sources/} as it is: a database copied from another process has no source files here, and the next update
   * downloads what it lacks.
   */
  public void installDatabase(Path file) throws IOException {
    try {
      Files.move(file, dbFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + dbFile() + " atomically: " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  /** Removes a staging folder, quietly. */
  public static void discard(Path staging) {
    try {
      deleteTree(staging);
    } catch (IOException ignored) {
      // The next run removes leftovers under the lock.
    }
  }
}
