package dev.kubeward.advisories.internal.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a database file (see {@link KwdbFormat}); the caller moves it into place only once it is complete. */
public final class KwdbWriter {
  private final Map<String, List<byte[][]>> tables = new LinkedHashMap<>();

  /** Adds a table; keys need not be sorted or unique-checked by the caller, duplicates are refused. */
  public void table(String name, Map<String, byte[]> entries) {
    List<byte[][]> rows = new ArrayList<>(entries.size());
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      rows.add(new byte[][] {e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()});
    }
    rows.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    for (int i = 1; i < rows.size(); i++) {
      if (Arrays.equals(rows.get(i - 1)[0], rows.get(i)[0])) {
        throw new IllegalArgumentException("duplicate key in table " + name);
      }
    }
    tables.put(name, rows);
  }

  /** Writes every table to {@code file} and forces it to disk. */
  public void write(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(KwdbFormat.HEADER_SIZE), 0);
      ch.position(KwdbFormat.HEADER_SIZE);
      Map<String, long[]> directory = new LinkedHashMap<>();
      OutputStream raw = Channels.newOutputStream(ch);
      for (Map.Entry<String, List<byte[][]>> t : tables.entrySet()) {
        long start = ch.position();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(nonClosing(raw), 1 << 16));
        writeTable(out, t.getValue());
        out.flush();
        directory.put(t.getKey(), new long[] {start, ch.position() - start});
      }
      long dirOffset = ch.position();
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(nonClosing(raw)));
      out.writeInt(directory.size());
      for (Map.Entry<String, long[]> d : directory.entrySet()) {
        out.writeUTF(d.getKey());
        out.writeLong(d.getValue()[0]);
        out.writeLong(d.getValue()[1]);
      }
      out.flush();
      ByteBuffer header = ByteBuffer.allocate(KwdbFormat.HEADER_SIZE);
      header.put(KwdbFormat.MAGIC).putInt(KwdbFormat.VERSION).putLong(dirOffset).flip();
      ch.write(header, 0);
      ch.force(true);
    }
  }

  private static void writeTable(DataOutputStream out, List<byte[][]> rows) throws IOException {
    int n = rows.size();
    out.writeInt(n);
    int keyEnd = 0;
    out.writeInt(0);
    for (byte[][] r : rows) {
      keyEnd += r[0].length;
      out.writeInt(keyEnd);
    }
    long valueEnd = 0;
    out.writeLong(0);
    for (byte[][] r : rows) {
      valueEnd += r[1].length;
      out.writeLong(valueEnd);
    }
    long sectionSize = 4L + 4L * (n + 1) + 8L * (n + 1) + keyEnd + valueEnd;
    if (sectionSize > Integer.MAX_VALUE) {
      throw new IOException("a table of the advisory database would exceed 2 GiB");
    }
    for (byte[][] r : rows) {
      out.write(r[0]);
    }
    for (byte[][] r : rows) {
      out.write(r[1]);
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
