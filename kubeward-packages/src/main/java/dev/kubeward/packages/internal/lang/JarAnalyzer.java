package dev.kubeward.packages.internal.lang;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Java archives (jar, war, ear, Jenkins plugins), streamed without extraction: every {@code pom.properties} is a
 * package (a shaded jar holds several), nested archives are read in turn (up to a depth and byte budget), and an
 * archive without {@code pom.properties} falls back to its manifest and file name.
 */
public final class JarAnalyzer implements PackageAnalyzer {
  private static final int MAX_DEPTH = 4;
  private static final long MAX_EXPANDED = 2L << 30;
  private static final int MAX_ENTRIES = 500_000;
  private static final Pattern FILE_NAME = Pattern.compile("^(.+?)-(\\d[\\w.+-]*)\\.(?:jar|war|ear|hpi|jpi|par)$");

  @Override
  public String name() {
    return "java-archive";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    String n = f.fileName().toLowerCase(Locale.ROOT);
    return n.endsWith(".jar") || n.endsWith(".war") || n.endsWith(".ear") || n.endsWith(".hpi") || n.endsWith(".jpi")
        || n.endsWith(".par");
  }

  @Override
  public long maxFileSize() {
    return 1L << 30;
  }

  private static final class Budget {
    long bytes;
    int entries;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    List<InstalledPackage> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try (InputStream in = input.open()) {
      readArchive(in, input.file().fileName(), input.file().path(), null, 0, new Budget(), out, warnings);
    }
    return AnalyzerResult.of(dedupe(out), warnings);
  }

  private void readArchive(InputStream raw, String fileName, String location, String nestedPath, int depth,
      Budget budget, List<InstalledPackage> out, List<String> warnings) throws IOException {
    Map<String, Properties> poms = new LinkedHashMap<>();
    Manifest manifest = null;
    ZipInputStream zip = new ZipInputStream(new FilterInputStream(raw) {
      @Override
      public void close() {
        // The outer stream is closed by its owner.
      }
    });
    ZipEntry e;
    while ((e = zip.getNextEntry()) != null) {
      if (++budget.entries > MAX_ENTRIES) {
        throw new IOException("more than " + MAX_ENTRIES + " entries in nested archives (zip bomb?)");
      }
      String name = e.getName();
      if (e.isDirectory()) {
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("meta-inf/") && lower.endsWith("/pom.properties")) {
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(readCapped(zip, 1 << 20, budget)));
        poms.put(name, p);
      } else if (lower.equals("meta-inf/manifest.mf")) {
        manifest = new Manifest(new ByteArrayInputStream(readCapped(zip, 4 << 20, budget)));
      } else if (depth < MAX_DEPTH && accepts(CandidateFile.of(name, 0, false))) {
        String inner = (nestedPath == null ? "" : nestedPath + "!/") + name;
        try {
          readArchive(new CountingStream(zip, budget), name.substring(name.lastIndexOf('/') + 1), location, inner,
              depth + 1, budget, out, warnings);
        } catch (IOException ex) {
          if (budget.bytes > MAX_EXPANDED || budget.entries > MAX_ENTRIES) {
            throw ex;
          }
          warnings.add("nested archive " + inner + ": " + ex.getMessage());
        }
      }
    }
    String where = nestedPath == null ? null : location + "!/" + nestedPath;
    for (Properties p : poms.values()) {
      String g = p.getProperty("groupId", "").trim();
      String a = p.getProperty("artifactId", "").trim();
      String v = p.getProperty("version", "").trim();
      if (!g.isEmpty() && !a.isEmpty() && !v.isEmpty()) {
        out.add(LangPackages.maven(g, a, v, where));
      }
    }
    if (poms.isEmpty()) {
      InstalledPackage fromManifest = fromManifestOrName(manifest, fileName, where);
      if (fromManifest != null) {
        out.add(fromManifest);
      }
    }
  }

  /** Without pom.properties: the manifest's vendor id/title/version, else {@code artifact-1.2.3.jar}. */
  private static InstalledPackage fromManifestOrName(Manifest manifest, String fileName, String where) {
    String group = "";
    String artifact = "";
    String version = "";
    if (manifest != null) {
      var attrs = manifest.getMainAttributes();
      group = value(attrs.getValue("Implementation-Vendor-Id"));
      String bsn = value(attrs.getValue("Bundle-SymbolicName"));
      int semi = bsn.indexOf(';');
      if (semi >= 0) {
        bsn = bsn.substring(0, semi).trim();
      }
      artifact = value(attrs.getValue("Implementation-Title"));
      version = value(attrs.getValue("Implementation-Version"));
      if (version.isEmpty()) {
        version = value(attrs.getValue("Bundle-Version"));
      }
      if (group.isEmpty() && bsn.contains(".")) {
        group = bsn.substring(0, bsn.lastIndexOf('.'));
      }
    }
    Matcher m = FILE_NAME.matcher(fileName);
    if (m.matches()) {
      artifact = m.group(1);
      if (version.isEmpty()) {
        version = m.group(2);
      }
    }
    if (group.isEmpty() || artifact.isEmpty() || version.isEmpty() || artifact.contains(" ")) {
      return null;
    }
    return LangPackages.maven(group, artifact, version, where);
  }

  private static String value(String s) {
    return s == null ? "" : s.trim();
  }

  private static byte[] readCapped(InputStream in, int cap, Budget budget) throws IOException {
    byte[] b = in.readNBytes(cap + 1);
    if (b.length > cap) {
      throw new IOException("metadata entry larger than " + cap + " bytes");
    }
    budget.bytes += b.length;
    return b;
  }

  private static List<InstalledPackage> dedupe(List<InstalledPackage> in) {
    Map<String, InstalledPackage> m = new LinkedHashMap<>();
    for (InstalledPackage p : in) {
      m.putIfAbsent(p.purl() + "|" + p.locations(), p);
    }
    return new ArrayList<>(m.values());
  }

  /** Charges the bytes a nested archive expands to against the budget, so a zip bomb stops early. */
  private static final class CountingStream extends FilterInputStream {
    private final Budget budget;

    CountingStream(InputStream in, Budget budget) {
      super(in);
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        charge(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        charge(n);
      }
      return n;
    }

    private void charge(long n) throws IOException {
      budget.bytes += n;
      if (budget.bytes > MAX_EXPANDED) {
        throw new IOException("nested archives expand beyond " + MAX_EXPANDED + " bytes (zip bomb?)");
      }
    }

    @Override
    public void close() {
      // Owned by the outer archive.
    }
  }
}
