package dev.kubeward.packages.internal.lang;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Just enough ELF to find a section by name and map virtual addresses to file offsets, with every read bounded. */
final class ElfFile implements Closeable {
  private static final int MAX_SECTIONS = 1 << 16;
  private final FileChannel ch;
  private final long size;
  private final ByteOrder order;
  private final boolean is64;
  private final List<Section> sections = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();

  record Section(String name, long addr, long offset, long size, int type) {}

  private record Segment(long vaddr, long offset, long filesz) {}

  private ElfFile(FileChannel ch, ByteOrder order, boolean is64) throws IOException {
    this.ch = ch;
    this.size = ch.size();
    this.order = order;
    this.is64 = is64;
  }

  /** True when the bytes start with the ELF magic. */
  static boolean isElf(byte[] head) {
    return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
  }

  static ElfFile open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer id = ByteBuffer.allocate(64);
      ch.read(id, 0);
      byte[] h = id.array();
      if (!isElf(h)) {
        throw new IOException("not an ELF file");
      }
      boolean is64 = h[4] == 2;
      ByteOrder order = h[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      ElfFile elf = new ElfFile(ch, order, is64);
      elf.readTables(ByteBuffer.wrap(h).order(order));
      return elf;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private void readTables(ByteBuffer h) throws IOException {
    long phoff = is64 ? h.getLong(0x20) : h.getInt(0x1C) & 0xffffffffL;
    long shoff = is64 ? h.getLong(0x28) : h.getInt(0x20) & 0xffffffffL;
    int phentsize = h.getShort(is64 ? 0x36 : 0x2A) & 0xffff;
    int phnum = h.getShort(is64 ? 0x38 : 0x2C) & 0xffff;
    int shentsize = h.getShort(is64 ? 0x3A : 0x2E) & 0xffff;
    int shnum = h.getShort(is64 ? 0x3C : 0x30) & 0xffff;
    int shstrndx = h.getShort(is64 ? 0x3E : 0x32) & 0xffff;
    if (phnum > 0 && phentsize >= (is64 ? 56 : 32)) {
      ByteBuffer ph = read(phoff, (long) phnum * phentsize);
      for (int i = 0; i < phnum; i++) {
        int b = i * phentsize;
        if (ph.getInt(b) != 1) { // PT_LOAD
          continue;
        }
        long off = is64 ? ph.getLong(b + 8) : ph.getInt(b + 4) & 0xffffffffL;
        long vaddr = is64 ? ph.getLong(b + 16) : ph.getInt(b + 8) & 0xffffffffL;
        long filesz = is64 ? ph.getLong(b + 32) : ph.getInt(b + 16) & 0xffffffffL;
        segments.add(new Segment(vaddr, off, filesz));
      }
    }
    if (shnum == 0 || shnum > MAX_SECTIONS || shentsize < (is64 ? 64 : 40) || shstrndx >= shnum) {
      return;
    }
    ByteBuffer sh = read(shoff, (long) shnum * shentsize);
    long[][] raw = new long[shnum][5];
    for (int i = 0; i < shnum; i++) {
      int b = i * shentsize;
      raw[i][0] = sh.getInt(b) & 0xffffffffL;
      raw[i][4] = sh.getInt(b + 4);
      raw[i][1] = is64 ? sh.getLong(b + 16) : sh.getInt(b + 12) & 0xffffffffL;
      raw[i][2] = is64 ? sh.getLong(b + 24) : sh.getInt(b + 16) & 0xffffffffL;
      raw[i][3] = is64 ? sh.getLong(b + 32) : sh.getInt(b + 20) & 0xffffffffL;
    }
    long strOff = raw[shstrndx][2];
    long strSize = Math.min(raw[shstrndx][3], 1 << 20);
    byte[] names = strSize > 0 ? read(strOff, strSize).array() : new byte[0];
    for (long[] s : raw) {
      sections.add(new Section(cString(names, (int) Math.min(s[0], Integer.MAX_VALUE)), s[1], s[2], s[3], (int) s[4]));
    }
  }

  private static String cString(byte[] b, int at) {
    if (at < 0 || at >= b.length) {
      return "";
    }
    int z = at;
    while (z < b.length && b[z] != 0) {
      z++;
    }
    return new String(b, at, z - at, StandardCharsets.ISO_8859_1);
  }

  ByteOrder order() {
    return order;
  }

  Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Reads a section's bytes (type NOBITS sections have none). */
  byte[] contents(Section s, long cap) throws IOException {
    if (s.type() == 8 || s.size() > cap) {
      throw new IOException("section " + s.name() + " is empty or larger than " + cap + " bytes");
    }
    return read(s.offset(), s.size()).array();
  }

  /** Reads bytes at a virtual address, through the loadable segments. */
  byte[] readVirtual(long addr, long length) throws IOException {
    for (Segment seg : segments) {
      if (addr >= seg.vaddr() && addr + length <= seg.vaddr() + seg.filesz()) {
        return read(seg.offset() + (addr - seg.vaddr()), length).array();
      }
    }
    throw new IOException("address 0x" + Long.toHexString(addr) + " is not in a loaded segment");
  }

  /** Reads bytes at a file offset. */
  ByteBuffer read(long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || length > (256 << 20) || offset + length > size) {
      throw new IOException("read of " + length + " bytes at " + offset + " is outside the file");
    }
    ByteBuffer b = ByteBuffer.allocate((int) length);
    while (b.hasRemaining()) {
      if (ch.read(b, offset + b.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    b.flip();
    return b.order(order);
  }

  long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
