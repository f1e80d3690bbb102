package dev.kubeward.packages.internal.os;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** rpm databases in all three formats, with each package's source rpm. */
public final class RpmAnalyzer implements PackageAnalyzer {
  private static final Set<String> DIRS = Set.of("var/lib/rpm", "usr/lib/sysimage/rpm", "usr/share/rpm");
  private static final Set<String> FILES = Set.of("Packages", "Packages.db", "rpmdb.sqlite");

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean operatingSystem() {
    return true;
  }

  @Override
  public boolean accepts(CandidateFile file) {
    return FILES.contains(file.fileName()) && DIRS.contains(file.directory());
  }

  @Override
  public long maxFileSize() {
    return 1L << 30;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    List<byte[]> blobs = RpmDatabases.read(input.localFile());
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < blobs.size(); i++) {
      try {
        InstalledPackage p = toPackage(RpmHeader.parse(blobs.get(i)));
        if (p != null) {
          packages.add(p);
        }
      } catch (IllegalArgumentException e) {
        warnings.add("package header " + (i + 1) + ": " + e.getMessage());
      }
    }
    return AnalyzerResult.of(packages, warnings);
  }

  static InstalledPackage toPackage(RpmHeader h) {
    String name = h.string(RpmHeader.NAME);
    String version = h.string(RpmHeader.VERSION);
    String release = h.string(RpmHeader.RELEASE);
    if (name.isEmpty() || version.isEmpty() || name.equals("gpg-pubkey")) {
      return null;
    }
    int epoch = h.integer(RpmHeader.EPOCH, 0);
    String evr = (epoch > 0 ? epoch + ":" : "") + version + (release.isEmpty() ? "" : "-" + release);
    String[] source = parseSourceRpm(h.string(RpmHeader.SOURCERPM));
    Map<String, String> q = new LinkedHashMap<>();
    q.put("arch", h.string(RpmHeader.ARCH));
    if (epoch > 0) {
      q.put("epoch", String.valueOf(epoch));
    }
    q.put("upstream", h.string(RpmHeader.SOURCERPM));
    String sourceVersion = source[1].equals(version + "-" + release) ? "" : source[1];
    if (!sourceVersion.isEmpty() && epoch > 0) {
      sourceVersion = epoch + ":" + sourceVersion;
    }
    String license = h.string(RpmHeader.LICENSE);
    return OsPackages.create(Ecosystem.RED_HAT, name, evr, source[0].isEmpty() ? name : source[0], sourceVersion, q,
        license.isEmpty() ? List.of() : List.of(license));
  }

  /** "glibc-2.28-151.el8.src.rpm" → {"glibc", "2.28-151.el8"}. */
  static String[] parseSourceRpm(String srpm) {
    String s = srpm;
    for (String suffix : new String[] {".src.rpm", ".nosrc.rpm"}) {
      if (s.endsWith(suffix)) {
        s = s.substring(0, s.length() - suffix.length());
      }
    }
    int rel = s.lastIndexOf('-');
    int ver = rel > 0 ? s.lastIndexOf('-', rel - 1) : -1;
    if (ver <= 0) {
      return new String[] {"", ""};
    }
    return new String[] {s.substring(0, ver), s.substring(ver + 1)};
  }
}
