package dev.kubeward.packages.internal.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the header blobs out of the three rpmdb formats: SQLite ({@code rpmdb.sqlite}, rpm ≥ 4.16), NDB
 * ({@code Packages.db}, SUSE) and Berkeley DB hash ({@code Packages}, older distributions). The two binary formats are
 * read with explicit bounds checks on every offset, because the file comes from an untrusted image.
 */
final class RpmDatabases {
  private static final int MAX_BLOB = 64 << 20;
  private static final int MAX_PACKAGES = 200_000;

  private RpmDatabases() {}

  /** Picks the reader from the file's first bytes. */
  static List<byte[]> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(16);
      ch.read(head, 0);
      byte[] h = head.array();
      if (new String(h, 0, 15, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3")) {
        return sqlite(file);
      }
      if (h[0] == 'R' && h[1] == 'p' && h[2] == 'm' && h[3] == 'P') {
        return ndb(ch);
      }
      int magicLe = ByteBuffer.wrap(h, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      int magicBe = ByteBuffer.wrap(h, 12, 4).order(ByteOrder.BIG_ENDIAN).getInt();
      if (magicLe == 0x061561) {
        return berkeleyHash(ch, ByteOrder.LITTLE_ENDIAN);
      }
      if (magicBe == 0x061561) {
        return berkeleyHash(ch, ByteOrder.BIG_ENDIAN);
      }
      throw new IOException("not an rpm database (neither SQLite, NDB nor Berkeley DB hash)");
    }
  }

  static List<byte[]> sqlite(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    List<byte[]> blobs = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT blob FROM Packages")) {
      while (rs.next()) {
        byte[] b = rs.getBytes(1);
        if (b != null) {
          blobs.add(b);
        }
        if (blobs.size() > MAX_PACKAGES) {
          throw new IOException("more than " + MAX_PACKAGES + " packages");
        }
      }
    } catch (SQLException e) {
      throw new IOException("SQLite rpmdb: " + e.getMessage(), e);
    }
    return blobs;
  }

  // NDB: a 32-byte header ("RpmP", version 0, generation, slot pages), then slot entries of 16 bytes
  // ("Slot", package index, block offset, block count); blobs start with a 16-byte header ("BlbS", package index,
  // checksum, length) at blockOffset * 16.
  static List<byte[]> ndb(FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer hdr = readAt(ch, 0, 32, ByteOrder.LITTLE_ENDIAN);
    int version = hdr.getInt(4);
    int slotPages = hdr.getInt(12);
    if (version != 0) {
      throw new IOException("unsupported NDB version " + version);
    }
    if (slotPages <= 0 || (long) slotPages * 4096 > size || slotPages > 4096) {
      throw new IOException("NDB header has an implausible slot page count " + slotPages);
    }
    int slotCount = slotPages * 256 - 2;
    ByteBuffer slots = readAt(ch, 32, slotCount * 16, ByteOrder.LITTLE_ENDIAN);
    List<byte[]> blobs = new ArrayList<>();
    for (int i = 0; i < slotCount; i++) {
      int magic = slots.getInt(i * 16);
      int pkgIndex = slots.getInt(i * 16 + 4);
      long blkOffset = slots.getInt(i * 16 + 8) & 0xffffffffL;
      if (magic != 0x746f6c53) { // "Slot"
        throw new IOException("NDB slot " + i + " has a bad magic");
      }
      if (pkgIndex == 0) {
        continue;
      }
      long at = blkOffset * 16;
      if (at + 16 > size) {
        throw new IOException("NDB slot " + i + " points past the end of the file");
      }
      ByteBuffer bh = readAt(ch, at, 16, ByteOrder.LITTLE_ENDIAN);
      if (bh.getInt(0) != 0x53626c42) { // "BlbS"
        throw new IOException("NDB blob of package " + pkgIndex + " has a bad magic");
      }
      if (bh.getInt(4) != pkgIndex) {
        throw new IOException("NDB blob at slot " + i + " belongs to another package");
      }
      long len = bh.getInt(12) & 0xffffffffL;
      if (len > MAX_BLOB || at + 16 + len > size) {
        throw new IOException("NDB blob of package " + pkgIndex + " has an implausible length " + len);
      }
      blobs.add(readAt(ch, at + 16, (int) len, ByteOrder.BIG_ENDIAN).array());
      if (blobs.size() > MAX_PACKAGES) {
        throw new IOException("more than " + MAX_PACKAGES + " packages");
      }
    }
    return blobs;
  }

  // Berkeley DB hash: page 0 is the metadata page (page size at 20, last page number at 32). Hash pages (type 2 or 13)
  // hold an array of 16-bit item offsets after the 26-byte page header; items alternate key, value. rpm's values are
  // "off-page" items (type 3: page number at +4, length at +8) whose bytes live in a chain of overflow pages (type 7),
  // each holding "free area offset" bytes after its header and linking to the next page.
  static List<byte[]> berkeleyHash(FileChannel ch, ByteOrder order) throws IOException {
    long size = ch.size();
    ByteBuffer meta = readAt(ch, 0, 72, order);
    int pageSize = meta.getInt(20);
    long lastPage = meta.getInt(32) & 0xffffffffL;
    int type = meta.get(25);
    if (type != 8) { // P_HASHMETA
      throw new IOException("Berkeley DB file is not a hash database (type " + type + ")");
    }
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new IOException("Berkeley DB page size " + pageSize + " is invalid");
    }
    if ((lastPage + 1) * pageSize > size + pageSize) {
      throw new IOException("Berkeley DB claims " + (lastPage + 1) + " pages but the file is " + size + " bytes");
    }
    List<byte[]> blobs = new ArrayList<>();
    for (long pg = 1; pg <= lastPage && (pg + 1) * pageSize <= size; pg++) {
      ByteBuffer page = readAt(ch, pg * pageSize, pageSize, order);
      int pageType = page.get(25);
      if (pageType != 13 && pageType != 2) { // P_HASH, P_HASH_UNSORTED
        continue;
      }
      int entries = page.getShort(20) & 0xffff;
      if (26 + entries * 2 > pageSize) {
        throw new IOException("Berkeley DB page " + pg + " has too many entries");
      }
      for (int i = 1; i < entries; i += 2) {
        int off = page.getShort(26 + i * 2) & 0xffff;
        if (off < 26 || off >= pageSize) {
          throw new IOException("Berkeley DB page " + pg + " has an item outside the page");
        }
        if (page.get(off) != 3) { // H_OFFPAGE; small inline items are rpm's bookkeeping, not headers
          continue;
        }
        if (off + 12 > pageSize) {
          throw new IOException("Berkeley DB page " + pg + " has an off-page item cut by the page end");
        }
        long next = page.getInt(off + 4) & 0xffffffffL;
        long length = page.getInt(off + 8) & 0xffffffffL;
        if (length > MAX_BLOB) {
          throw new IOException("Berkeley DB value of " + length + " bytes is implausible");
        }
        blobs.add(overflow(ch, next, (int) length, pageSize, lastPage, order));
        if (blobs.size() > MAX_PACKAGES) {
          throw new IOException("more than " + MAX_PACKAGES + " packages");
        }
      }
    }
    return blobs;
  }

  private static byte[] overflow(FileChannel ch, long first, int length, int pageSize, long lastPage, ByteOrder order)
      throws IOException {
    byte[] out = new byte[length];
    int filled = 0;
    long pg = first;
    int hops = 0;
    while (filled < length) {
      if (pg == 0 || pg > lastPage || ++hops > lastPage + 1) {
        throw new IOException("Berkeley DB overflow chain is broken at page " + pg);
      }
      ByteBuffer page = readAt(ch, pg * pageSize, pageSize, order);
      if (page.get(25) != 7) { // P_OVERFLOW
        throw new IOException("Berkeley DB page " + pg + " should be an overflow page");
      }
      int used = page.getShort(22) & 0xffff;
      if (used > pageSize - 26) {
        throw new IOException("Berkeley DB overflow page " + pg + " claims " + used + " bytes");
      }
      int n = Math.min(used, length - filled);
      page.get(26, out, filled, n);
      filled += n;
      pg = page.getInt(16) & 0xffffffffL;
    }
    return out;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length, ByteOrder order) throws IOException {
    if (position < 0 || position + length > ch.size()) {
      throw new IOException("read of " + length + " bytes at " + position + " is past the end of the file");
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    b.flip();
    return b.order(order);
  }
}
