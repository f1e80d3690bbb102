package dev.kubeward.image.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Named files inside a folder or a tar archive, for image layouts that come either way. */
public interface FileSource extends Closeable {
  /** True when the path names a regular file. */
  boolean isFile(String path);

  /** Size of a regular file in bytes. */
  long size(String path) throws IOException;

  /** Opens a regular file. */
  InputStream open(String path) throws IOException;

  /** A folder; paths never leave it, and symbolic links are not followed. */
  static FileSource directory(Path root) {
    Path base = root.toAbsolutePath().normalize();
    return new FileSource() {
      private Path resolve(String path) {
        String norm = PathNormalizer.normalize(path);
        if (norm == null) {
          throw new IllegalArgumentException("path leaves the layout: " + path);
        }
        Path p = base.resolve(norm).normalize();
        if (!p.startsWith(base)) {
          throw new IllegalArgumentException("path leaves the layout: " + path);
        }
        return p;
      }

      @Override
      public boolean isFile(String path) {
        return Files.isRegularFile(resolve(path), LinkOption.NOFOLLOW_LINKS);
      }

      @Override
      public long size(String path) throws IOException {
        return Files.size(resolve(path));
      }

      @Override
      public InputStream open(String path) throws IOException {
        Path p = resolve(path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new java.nio.file.NoSuchFileException(path);
        }
        return Files.newInputStream(p);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * An uncompressed tar file, read by random access (entries are indexed once, never extracted). Entries are read with
   * positional reads on one shared channel, so layers can be read from several threads at once: commons-compress'
   * {@code TarFile} streams seek and read the shared channel in two steps, and two threads reading two layers of one
   * {@code docker save} archive at the same time got each other's bytes.
   */
  static FileSource tar(Path file) throws IOException {
    TarFile tar = new TarFile(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    Map<String, TarArchiveEntry> byName = new HashMap<>();
    for (TarArchiveEntry e : tar.getEntries()) {
      String norm = PathNormalizer.normalize(e.getName());
      if (norm != null && e.isFile()) {
        byName.put(norm, e);
      }
    }
    return new FileSource() {
      @Override
      public boolean isFile(String path) {
        String norm = PathNormalizer.normalize(path);
        return norm != null && byName.containsKey(norm);
      }

      @Override
      public long size(String path) throws IOException {
        TarArchiveEntry e = byName.get(PathNormalizer.normalize(path));
        if (e == null) {
          throw new java.nio.file.NoSuchFileException(path);
        }
        return e.getSize();
      }

      @Override
      public InputStream open(String path) throws IOException {
        String norm = PathNormalizer.normalize(path);
        TarArchiveEntry e = norm == null ? null : byName.get(norm);
        if (e == null) {
          throw new java.nio.file.NoSuchFileException(path);
        }
        return e.isSparse() ? tar.getInputStream(e) : new PositionalInputStream(channel, e.getDataOffset(), e.getSize());
      }

      @Override
      public void close() throws IOException {
        try (channel) {
          tar.close();
        }
      }
    };
  }

  /** A range of a file, read with positional reads, which are safe to run concurrently on one channel. */
  final class PositionalInputStream extends InputStream {
    private final FileChannel channel;
    private final long start;
    private final long length;
    private long pos;

    PositionalInputStream(FileChannel channel, long start, long length) {
      this.channel = channel;
      this.start = start;
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long left = length - pos;
      if (left <= 0) {
        return -1;
      }
      int n = channel.read(java.nio.ByteBuffer.wrap(b, off, (int) Math.min(len, left)), start + pos);
      if (n < 0) {
        throw new java.io.EOFException("the archive ends inside an entry (" + left + " bytes missing)");
      }
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, length - pos));
      pos += k;
      return k;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, length - pos);
    }
  }
}
