package dev.kubeward.packages.internal.lang;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Go module build info embedded in ELF executables ({@code go version -m}): the main module, every dependency (with
 * replacements applied) and the standard library at the Go version that built it. Both the inline format (Go 1.18+)
 * and the older pointer format are read.
 */
public final class GoBinaryAnalyzer implements PackageAnalyzer {
  private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);

  @Override
  public String name() {
    return "go-binary";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.executable() && f.size() > 1024;
  }

  @Override
  public long maxFileSize() {
    return 512L << 20;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    try (InputStream in = input.open()) {
      if (!ElfFile.isElf(in.readNBytes(4))) {
        return AnalyzerResult.EMPTY;
      }
    }
    try (ElfFile elf = ElfFile.open(input.localFile())) {
      Optional<String[]> info = buildInfo(elf);
      if (info.isEmpty()) {
        return AnalyzerResult.EMPTY;
      }
      return AnalyzerResult.of(parseModInfo(info.get()[0], info.get()[1]));
    }
  }

  /** {goVersion, modinfo}, if the binary has build info. */
  static Optional<String[]> buildInfo(ElfFile elf) throws IOException {
    long headerAt = -1;
    Optional<ElfFile.Section> section = elf.section(".go.buildinfo");
    if (section.isPresent() && section.get().size() >= 32) {
      headerAt = section.get().offset();
    } else {
      headerAt = search(elf);
    }
    if (headerAt < 0) {
      return Optional.empty();
    }
    ByteBuffer h = elf.read(headerAt, 32);
    byte[] magic = new byte[14];
    h.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return Optional.empty();
    }
    int ptrSize = h.get(14);
    int flags = h.get(15);
    String version;
    String mod;
    if ((flags & 2) != 0) {
      long[] pos = {headerAt + 32};
      version = varString(elf, pos);
      mod = varString(elf, pos);
    } else {
      if (ptrSize != 4 && ptrSize != 8) {
        throw new IOException("Go build info has pointer size " + ptrSize);
      }
      ByteOrder order = (flags & 1) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      h.order(order);
      long versionAddr = ptrSize == 8 ? h.getLong(16) : h.getInt(16) & 0xffffffffL;
      long modAddr = ptrSize == 8 ? h.getLong(16 + ptrSize) : h.getInt(16 + ptrSize) & 0xffffffffL;
      version = goString(elf, versionAddr, ptrSize, order);
      mod = goString(elf, modAddr, ptrSize, order);
    }
    if (mod.length() >= 33 && mod.charAt(mod.length() - 17) == '\n') {
      mod = mod.substring(16, mod.length() - 16);
    } else {
      mod = "";
    }
    return Optional.of(new String[] {version, mod});
  }

  private static long search(ElfFile elf) throws IOException {
    long size = elf.size();
    int chunk = 1 << 20;
    for (long off = 0; off < size; off += chunk - 32) {
      int len = (int) Math.min(chunk, size - off);
      ByteBuffer b = elf.read(off, len);
      byte[] a = b.array();
      for (int i = 0; i + MAGIC.length <= len; i += 16) {
        if (a[i] == MAGIC[0] && Arrays.equals(a, i, i + MAGIC.length, MAGIC, 0, MAGIC.length) && ((off + i) % 16 == 0)) {
          return off + i;
        }
      }
      if (off + len >= size) {
        break;
      }
    }
    return -1;
  }

  private static String varString(ElfFile elf, long[] pos) throws IOException {
    long len = 0;
    int shift = 0;
    for (int i = 0; i < 10; i++) {
      int b = elf.read(pos[0]++, 1).get(0) & 0xff;
      len |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    if (len < 0 || len > (8 << 20)) {
      throw new IOException("Go build info string of " + len + " bytes");
    }
    byte[] s = elf.read(pos[0], len).array();
    pos[0] += len;
    return new String(s, StandardCharsets.UTF_8);
  }

  private static String goString(ElfFile elf, long addr, int ptrSize, ByteOrder order) throws IOException {
    ByteBuffer hdr = ByteBuffer.wrap(elf.readVirtual(addr, 2L * ptrSize)).order(order);
    long data = ptrSize == 8 ? hdr.getLong(0) : hdr.getInt(0) & 0xffffffffL;
    long len = ptrSize == 8 ? hdr.getLong(8) : hdr.getInt(4) & 0xffffffffL;
    if (len < 0 || len > (8 << 20)) {
      throw new IOException("Go string of " + len + " bytes");
    }
    return new String(elf.readVirtual(data, len), StandardCharsets.UTF_8);
  }

  /** Turns {@code go version -m} lines into packages. */
  static List<InstalledPackage> parseModInfo(String goVersion, String modinfo) {
    List<InstalledPackage> out = new ArrayList<>();
    String[] lastDep = null;
    List<String[]> deps = new ArrayList<>();
    String mainPath = "";
    String mainVersion = "";
    String ldflagsVersion = "";
    for (String line : modinfo.split("\n")) {
      String[] f = line.split("\t");
      switch (f[0]) {
        case "mod" -> {
          if (f.length >= 3) {
            mainPath = f[1];
            mainVersion = f[2];
          }
        }
        case "dep" -> {
          if (f.length >= 3) {
            lastDep = new String[] {f[1], f[2]};
            deps.add(lastDep);
          }
        }
        case "=>" -> {
          if (lastDep != null && f.length >= 3) {
            lastDep[0] = f[1];
            lastDep[1] = f[2];
          } else if (lastDep != null) {
            deps.remove(lastDep); // replaced by a local path: not a module version anyone publishes
          }
        }
        case "build" -> {
          if (f.length >= 2 && f[1].startsWith("-ldflags=")) {
            ldflagsVersion = versionFromLdflags(f[1]);
          }
        }
        default -> {
          // path, build settings
        }
      }
    }
    if (!mainPath.isEmpty()) {
      String v = mainVersion.equals("(devel)") ? ldflagsVersion : mainVersion;
      if (!v.isEmpty()) {
        out.add(LangPackages.go(mainPath, v));
      }
    }
    for (String[] d : deps) {
      out.add(LangPackages.go(d[0], d[1]));
    }
    String gv = goVersion.trim();
    if (gv.startsWith("go")) {
      String v = gv.substring(2).split("[ +]")[0];
      if (!v.isEmpty()) {
        out.add(LangPackages.go("stdlib", "v" + v));
      }
    }
    return out;
  }

  /** A version set with {@code -X main.version=1.2.3} (or .Version), as release tooling often does. */
  static String versionFromLdflags(String flags) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("-X\\s*['\"]?[\\w./-]*\\.(?:[vV]ersion|gitVersion)=v?([0-9][\\w.+-]*)").matcher(flags);
    return m.find() ? "v" + m.group(1) : "";
  }
}
