package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Crates recorded by cargo-auditable in the {@code .dep-v0} section of ELF executables (zlib-compressed JSON), except
 * the root crate (the binary itself) and build-time dependencies.
 */
public final class RustBinaryAnalyzer implements PackageAnalyzer {
  private static final int MAX_JSON = 16 << 20;

  @Override
  public String name() {
    return "rust-binary";
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
      Optional<ElfFile.Section> s = elf.section(".dep-v0");
      if (s.isEmpty()) {
        return AnalyzerResult.EMPTY;
      }
      JsonNode root = LangPackages.JSON.readTree(inflate(elf.contents(s.get(), 8 << 20)));
      List<InstalledPackage> out = new ArrayList<>();
      for (JsonNode p : root.path("packages")) {
        // The root crate is the binary itself; build-time crates are not linked into it.
        if (p.path("root").asBoolean(false) || p.path("kind").asText().equals("build")) {
          continue;
        }
        String name = LangPackages.text(p, "name");
        String version = LangPackages.text(p, "version");
        if (!name.isEmpty() && !version.isEmpty()) {
          out.add(LangPackages.cargo(name, version));
        }
      }
      return AnalyzerResult.of(out);
    }
  }

  private static byte[] inflate(byte[] data) throws IOException {
    Inflater inf = new Inflater();
    inf.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    try {
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new IOException("truncated .dep-v0 data");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_JSON) {
          throw new IOException(".dep-v0 expands beyond " + MAX_JSON + " bytes");
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("corrupt .dep-v0 data: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
    return out.toByteArray();
  }
}
