package dev.kubeward.server.advisories;

import dev.kubeward.advisories.DatabaseBuildFile;
import dev.kubeward.server.db.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Advisory database builds published in PostgreSQL (tables {@code advisory_db_builds} and
 * {@code advisory_db_build_chunks}, migration V11_80): the file in chunks of {@value #CHUNK_BYTES} bytes, written and
 * read one chunk at a time so memory stays constant whatever the file's size. Only for PostgreSQL.
 *
 * <p>A publish is one transaction under a transaction-scoped advisory lock: two processes publishing at once are
 * serialised, the second sees the first's build and stands aside (or publishes its own if that is newer still), and
 * readers never see a build before its last chunk is committed. The newest {@value #KEEP} builds are kept, so a
 * process copying the previous newest build while a new one is published can finish.
 */
@Component
public class AdvisoryBuildStore {
  /** Bytes per chunk row: large enough that a 150 MB build is 150 rows, small enough to stay out of the way. */
  static final int CHUNK_BYTES = 1 << 20;
  /** Builds kept. */
  static final int KEEP = 2;
  /** The advisory lock key of publishing ("kwadvdb" as a number); Flyway's key is its own. */
  private static final long PUBLISH_LOCK = 0x6b776164766462L;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  public AdvisoryBuildStore(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /**
   * One published build.
   *
   * @param sizeBytes the file's size
   * @param sha256 the file's SHA-256, lower-case hex
   * @param chunks rows holding the file
   * @param publishedBy the process that published it
   */
  public record PublishedBuild(String buildId, Instant builtAt, long sizeBytes, String sha256, int chunks,
      String publishedBy, Instant publishedAt) {}

  /** What a publish did. */
  public enum Outcome { PUBLISHED, NOT_NEWER }

  /** The newest published build (by build time), if any: one indexed row. */
  public Optional<PublishedBuild> newest() {
    return all(1).stream().findFirst();
  }

  /** The published builds, newest first. */
  public List<PublishedBuild> all() {
    return all(KEEP + 1);
  }

  private List<PublishedBuild> all(int limit) {
    return jdbc.sql("select build_id, built_at, size_bytes, sha256, chunks, published_by, published_at"
            + " from advisory_db_builds order by built_at desc, published_at desc limit ?")
        .param(limit)
        .query((rs, n) -> new PublishedBuild(rs.getString("build_id"), Timestamps.read(rs, "built_at"),
            rs.getLong("size_bytes"), rs.getString("sha256"), rs.getInt("chunks"), rs.getString("published_by"),
            Timestamps.read(rs, "published_at")))
        .list();
  }

  /**
   * Publishes the opened file if its build is newer than the newest published one (checked again under the lock),
   * then drops all but the newest {@value #KEEP} builds.
   *
   * @param publisher this process's name, kept with the build
   */
  public Outcome publish(DatabaseBuildFile.Opened file, String publisher) {
    DatabaseBuildFile.Build build = file.build();
    Outcome outcome = tx.execute(status -> {
      jdbc.sql("select pg_advisory_xact_lock(?)").param(PUBLISH_LOCK).query().listOfRows();
      Optional<PublishedBuild> newest = newest();
      if (newest.isPresent() && (newest.get().buildId().equals(build.buildId())
          || !build.builtAfter(newest.get().builtAt()))) {
        return Outcome.NOT_NEWER;
      }
      Instant now = clock.instant();
      jdbc.sql("insert into advisory_db_builds (build_id, built_at, size_bytes, sha256, chunks, published_by,"
              + " published_at) values (?, ?, -1, '', 0, ?, ?)")
          .params(build.buildId(), Timestamps.bind(build.builtAt()), publisher, Timestamps.bind(now))
          .update();
      MessageDigest sha = sha256();
      byte[] buf = new byte[CHUNK_BYTES];
      long size = 0;
      int seq = 0;
      try (InputStream in = file.stream()) {
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
          sha.update(buf, 0, n);
          size += n;
          jdbc.sql("insert into advisory_db_build_chunks (build_id, seq, data) values (?, ?, ?)")
              .params(build.buildId(), seq++, n == buf.length ? buf : Arrays.copyOf(buf, n))
              .update();
        }
      } catch (IOException e) {
        throw new IllegalStateException("reading " + build.buildId() + " to publish it failed: " + e.getMessage(), e);
      }
      if (size != file.size()) {
        // The file is never rewritten in place (updates rename a new one over it), so this is a damaged disk.
        throw new IllegalStateException("build " + build.buildId() + " was " + file.size() + " bytes when opened but "
            + size + " were read; not published");
      }
      jdbc.sql("update advisory_db_builds set size_bytes = ?, sha256 = ?, chunks = ? where build_id = ?")
          .params(size, HexFormat.of().formatHex(sha.digest()), seq, build.buildId())
          .update();
      jdbc.sql("delete from advisory_db_builds where build_id not in (select build_id from advisory_db_builds"
              + " order by built_at desc, published_at desc limit ?)")
          .param(KEEP)
          .update();
      return Outcome.PUBLISHED;
    });
    return outcome;
  }

  /**
   * The build's bytes, read one chunk per query as the stream is consumed (constant memory). Fails with an
   * {@link IOException} when a chunk is missing, e.g. the build was dropped while it was being copied.
   */
  public InputStream open(PublishedBuild build) {
    return new ChunkStream(build);
  }

  /** Reads the chunks in order; verification is the reader's (size and SHA-256 against the build row). */
  private final class ChunkStream extends InputStream {
    private final PublishedBuild build;
    private int next;
    private byte[] chunk = new byte[0];
    private int pos;

    ChunkStream(PublishedBuild build) {
      this.build = build;
    }

    private boolean fill() throws IOException {
      while (pos >= chunk.length) {
        if (next >= build.chunks()) {
          return false;
        }
        int seq = next++;
        Optional<byte[]> data;
        try {
          data = jdbc.sql("select data from advisory_db_build_chunks where build_id = ? and seq = ?")
              .params(build.buildId(), seq)
              .query(byte[].class)
              .optional();
        } catch (RuntimeException e) {
          throw new IOException("reading chunk " + seq + " of build " + build.buildId() + " failed: "
              + e.getMessage(), e);
        }
        chunk = data.orElseThrow(() -> new IOException("chunk " + seq + " of build " + build.buildId()
            + " is missing (the build was dropped while it was copied)"));
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? chunk[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
