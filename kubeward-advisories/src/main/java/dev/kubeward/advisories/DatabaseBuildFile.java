package dev.kubeward.advisories;

import dev.kubeward.advisories.internal.build.DatabaseFolder;
import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A database build as one file, for copying builds between processes that do not share a folder (the server's
 * PostgreSQL distribution): {@link #open} reads the current file together with the identity of exactly that file, and
 * {@link #install} takes a received copy, verifies it and swaps it in atomically. The folder's {@code sources/} is not
 * part of a build; a process that received its database downloads sources again on its next update.
 */
public final class DatabaseBuildFile {
  private DatabaseBuildFile() {}

  /**
   * A received copy that is not the build it claims to be (size, SHA-256, build id) or cannot be opened by this
   * version: trying the same copy again cannot help.
   */
  public static final class RefusedCopyException extends AdvisoryDatabaseException {
    public RefusedCopyException(String message) {
      super(message);
    }

    public RefusedCopyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Which build a file holds.
   *
   * @param buildId the build's id ({@link AdvisoryDatabase#buildId()})
   * @param builtAt when it was built; newer builds replace older ones
   * @param formatVersion the file format version
   */
  public record Build(String buildId, Instant builtAt, int formatVersion) {
    /**
     * True when this build was built after {@code instant}, compared in microseconds: the file keeps nanoseconds,
     * databases such as PostgreSQL keep microseconds, and a build must not look newer than its own published copy.
     */
    public boolean builtAfter(Instant instant) {
      return builtAt.truncatedTo(ChronoUnit.MICROS).isAfter(instant.truncatedTo(ChronoUnit.MICROS));
    }
  }

  /** The build in {@code dir}, read from the file's metadata only (milliseconds); empty when there is none. */
  public static Optional<Build> current(Path dir) throws AdvisoryDatabaseException {
    Path file = new DatabaseFolder(dir).dbFile();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(build(AdvisoryStore.readMetadata(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new AdvisoryDatabaseException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * An open copy of the current database file. The file may be replaced by an update while it is read; the stream
   * keeps reading the file it opened, and {@link #build()} is that file's build.
   */
  public static final class Opened implements Closeable {
    private final Build build;
    private final long size;
    private final FileChannel channel;

    private Opened(Build build, long size, FileChannel channel) {
      this.build = build;
      this.size = size;
      this.channel = channel;
    }

    public Build build() {
      return build;
    }

    /** The file's size in bytes. */
    public long size() {
      return size;
    }

    /** The file's bytes, from the start; read it once. */
    public InputStream stream() {
      return Channels.newInputStream(channel);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Opens the current database file for copying; empty when there is none.
   *
   * @throws AdvisoryDatabaseException when it cannot be read, or keeps being replaced while it is opened
   */
  public static Optional<Opened> open(Path dir) throws AdvisoryDatabaseException {
    Path file = new DatabaseFolder(dir).dbFile();
    for (int attempt = 0; attempt < 3; attempt++) {
      // The metadata is read before and after opening: when both name the same build, no update replaced the file
      // in between and the open channel is that build (build ids are unique, so there is no A-B-A).
      Optional<Build> before = current(dir);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      FileChannel ch;
      try {
        ch = FileChannel.open(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw new AdvisoryDatabaseException(file + " cannot be opened: " + e.getMessage(), e);
      }
      try {
        Optional<Build> after = current(dir);
        if (after.equals(before)) {
          return Optional.of(new Opened(before.get(), ch.size(), ch));
        }
        ch.close();
      } catch (IOException | RuntimeException e) {
        closeQuietly(ch);
        throw e instanceof AdvisoryDatabaseException a ? a
            : new AdvisoryDatabaseException(file + " cannot be read: " + e.getMessage(), e);
      }
    }
    throw new AdvisoryDatabaseException(file + " was replaced three times while it was being opened; try again");
  }

  /**
   * Installs a database file received from elsewhere: streams {@code in} into a staging file in the folder (constant
   * memory), checks its size and SHA-256 against what the sender published, opens it to check it is the expected
   * build in a format this version reads, and moves it over the current file in one atomic rename. On any failure
   * the current database stays as it was and the message says why.
   *
   * @param expectedSize the published size in bytes
   * @param expectedSha256 the published SHA-256, lower-case hex
   * @param expectedBuildId the published build id
   * @return the installed build
   * @throws RefusedCopyException when the copy is not the published build or cannot be opened
   * @throws AdvisoryDatabaseException when the folder is locked by an update or I/O fails (worth another try)
   */
  public static Build install(Path dir, InputStream in, long expectedSize, String expectedSha256,
      String expectedBuildId) throws AdvisoryDatabaseException {
    DatabaseFolder folder = new DatabaseFolder(dir);
    try (Closeable lock = folder.lock()) {
      Path staging = folder.newStaging();
      try {
        Path received = staging.resolve(DatabaseFolder.DB_FILE);
        MessageDigest sha = sha256();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(received), sha)) {
          size = in.transferTo(out);
        }
        String actualSha = HexFormat.of().formatHex(sha.digest());
        if (size != expectedSize) {
          throw new RefusedCopyException("build " + expectedBuildId + " is " + size + " bytes, but "
              + expectedSize + " were published (truncated or corrupt copy)");
        }
        if (!actualSha.equalsIgnoreCase(expectedSha256)) {
          throw new RefusedCopyException("build " + expectedBuildId + " has SHA-256 " + actualSha + ", but "
              + expectedSha256 + " was published (corrupt copy)");
        }
        Build build;
        try {
          build = build(AdvisoryStore.open(received).metadata());
        } catch (IOException | RuntimeException e) {
          throw new RefusedCopyException("build " + expectedBuildId + " cannot be opened by this version: "
              + e.getMessage(), e);
        }
        if (!build.buildId().equals(expectedBuildId)) {
          throw new RefusedCopyException("the file published as build " + expectedBuildId + " holds build "
              + build.buildId());
        }
        folder.installDatabase(received);
        return build;
      } finally {
        DatabaseFolder.discard(staging);
      }
    } catch (AdvisoryDatabaseException e) {
      throw e;
    } catch (IOException e) {
      throw new AdvisoryDatabaseException(e.getMessage() + "; the previous database is unchanged", e);
    }
  }

  private static Build build(DatabaseMetadata m) {
    return new Build(m.buildId(), Instant.parse(m.builtAt()), m.formatVersion());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
