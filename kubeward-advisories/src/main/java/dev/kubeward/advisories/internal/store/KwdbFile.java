package dev.kubeward.advisories.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A database file opened read-only and memory-mapped: opening reads only the header and the directory, a lookup is a
 * binary search over a table's keys. Safe for concurrent readers.
 */
public final class KwdbFile implements Closeable {
  private final Path path;
  private final Map<String, Table> tables = new HashMap<>();
  private int formatVersion;

  private KwdbFile(Path path) {
    this.path = path;
  }

  /**
   * Opens a database file.
   *
   * @throws IOException naming the file when it is missing, truncated, of another format or another format version
   */
  public static KwdbFile open(Path path) throws IOException {
    return open(path, false);
  }

  /**
   * Opens a file of any format version, for reading its {@code meta} section only (its layout has not changed since
   * format 1): an update over an older database still knows which sources it was built from.
   */
  static KwdbFile openAnyVersion(Path path) throws IOException {
    return open(path, true);
  }

  private static KwdbFile open(Path path, boolean anyVersion) throws IOException {
    KwdbFile f = new KwdbFile(path);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < KwdbFormat.HEADER_SIZE) {
        throw new IOException(path + " is not an advisory database (too short)");
      }
      ByteBuffer header = ByteBuffer.allocate(KwdbFormat.HEADER_SIZE);
      ch.read(header, 0);
      header.flip();
      byte[] magic = new byte[8];
      header.get(magic);
      if (!Arrays.equals(magic, KwdbFormat.MAGIC)) {
        throw new IOException(path + " is not an advisory database (bad magic)");
      }
      int version = header.getInt();
      f.formatVersion = version;
      if (version != KwdbFormat.VERSION && !anyVersion) {
        throw new IOException(path + " has database format " + version + ", this Kubeward reads format "
            + KwdbFormat.VERSION + "; run 'kubeward db update' or import its sources again");
      }
      long dirOffset = header.getLong();
      if (dirOffset <= 0 || dirOffset >= size) {
        throw new IOException(path + " is incomplete (no section directory)");
      }
      ByteBuffer dir = ch.map(FileChannel.MapMode.READ_ONLY, dirOffset, size - dirOffset);
      int sections = dir.getInt();
      for (int i = 0; i < sections; i++) {
        byte[] name = new byte[dir.getShort() & 0xffff];
        dir.get(name);
        long offset = dir.getLong();
        long length = dir.getLong();
        if (offset < KwdbFormat.HEADER_SIZE || offset + length > dirOffset || length > Integer.MAX_VALUE) {
          throw new IOException(path + " is corrupt (section outside the file)");
        }
        f.tables.put(new String(name, java.nio.charset.StandardCharsets.UTF_8),
            new Table(ch.map(FileChannel.MapMode.READ_ONLY, offset, length)));
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException(path + " is corrupt: " + e, e);
    }
    return f;
  }

  /** The named table, or an empty one when the file has none of that name. */
  public Table table(String name) {
    return tables.getOrDefault(name, Table.EMPTY);
  }

  public Path path() {
    return path;
  }

  /** The format version in the file's header. */
  public int formatVersion() {
    return formatVersion;
  }

  @Override
  public void close() {
    // Mapped buffers are released by the garbage collector; nothing holds the file open.
  }

  /** A sorted key/value table inside the file. */
  public static final class Table {
    static final Table EMPTY = new Table(null);

    private final MappedByteBuffer buf;
    private final int count;
    private final int keysStart;
    private final int valuesStart;

    Table(MappedByteBuffer buf) {
      this.buf = buf;
      if (buf == null) {
        count = 0;
        keysStart = 0;
        valuesStart = 0;
        return;
      }
      count = buf.getInt(0);
      if (count < 0 || 4L + 12L * (count + 1) > buf.capacity()) {
        throw new IllegalArgumentException("bad table size");
      }
      keysStart = 4 + 4 * (count + 1) + 8 * (count + 1);
      valuesStart = keysStart + buf.getInt(4 + 4 * count);
    }

    public int size() {
      return count;
    }

    /** The index of {@code key}, or -1. */
    public int indexOf(byte[] key) {
      int lo = 0;
      int hi = count - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compareKey(mid, key);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    /** The value stored under {@code key}, or null. */
    public byte[] get(byte[] key) {
      int i = indexOf(key);
      return i < 0 ? null : value(i);
    }

    public byte[] key(int i) {
      int start = buf.getInt(4 + 4 * i);
      int end = buf.getInt(4 + 4 * (i + 1));
      byte[] out = new byte[end - start];
      buf.get(keysStart + start, out);
      return out;
    }

    public byte[] value(int i) {
      int base = 4 + 4 * (count + 1);
      long start = buf.getLong(base + 8 * i);
      long end = buf.getLong(base + 8 * (i + 1));
      byte[] out = new byte[(int) (end - start)];
      buf.get((int) (valuesStart + start), out);
      return out;
    }

    private int compareKey(int i, byte[] key) {
      int start = keysStart + buf.getInt(4 + 4 * i);
      int end = keysStart + buf.getInt(4 + 4 * (i + 1));
      int len = end - start;
      int n = Math.min(len, key.length);
      for (int k = 0; k < n; k++) {
        int a = buf.get(start + k) & 0xff;
        int b = key[k] & 0xff;
        if (a != b) {
          return a - b;
        }
      }
      return len - key.length;
    }
  }
}
