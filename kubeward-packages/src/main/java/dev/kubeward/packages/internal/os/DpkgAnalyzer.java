package dev.kubeward.packages.internal.os;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * dpkg's {@code var/lib/dpkg/status} and the per-package files distroless images keep in {@code status.d/}. Only
 * packages whose status is "installed" count; each carries its source package name and version.
 */
public final class DpkgAnalyzer implements PackageAnalyzer {
  private static final String STATUS = "var/lib/dpkg/status";
  private static final String STATUS_D = "var/lib/dpkg/status.d/";

  @Override
  public String name() {
    return "dpkg";
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
    String p = file.path();
    if (p.equals(STATUS)) {
      return true;
    }
    if (!p.startsWith(STATUS_D) || p.indexOf('/', STATUS_D.length()) >= 0) {
      return false;
    }
    String n = file.fileName();
    return !n.endsWith(".md5sums") && !n.endsWith(".preinst") && !n.endsWith(".postinst") && !n.endsWith(".prerm")
        && !n.endsWith(".postrm") && !n.endsWith(".conffiles") && !n.endsWith(".list") && !n.startsWith(".");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean statusD = input.file().path().startsWith(STATUS_D);
    Map<String, String> fields = new LinkedHashMap<>();
    String lastKey = null;
    int line = 0;
    int stanzaLine = 1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String s;
      while ((s = r.readLine()) != null) {
        line++;
        if (s.isBlank()) {
          emit(fields, statusD, packages, warnings, stanzaLine);
          fields.clear();
          lastKey = null;
          stanzaLine = line + 1;
          continue;
        }
        if (s.charAt(0) == ' ' || s.charAt(0) == '\t') {
          continue; // continuation of a multi-line field (Description, Conffiles)
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
          warnings.add("line " + line + " is neither a field nor a continuation");
          continue;
        }
        lastKey = s.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        fields.putIfAbsent(lastKey, s.substring(colon + 1).trim());
      }
    }
    emit(fields, statusD, packages, warnings, stanzaLine);
    return AnalyzerResult.of(packages, warnings);
  }

  private static void emit(Map<String, String> f, boolean statusD, List<InstalledPackage> out, List<String> warnings,
      int line) {
    if (f.isEmpty()) {
      return;
    }
    String name = f.getOrDefault("package", "");
    String version = f.getOrDefault("version", "");
    if (name.isEmpty() || version.isEmpty()) {
      warnings.add("package entry at line " + line + " lacks a Package or Version field");
      return;
    }
    String status = f.get("status");
    // status.d entries of distroless images have no Status: being there means installed.
    if (status == null ? !statusD : !status.endsWith(" installed")) {
      return;
    }
    String sourceName = name;
    String sourceVersion = "";
    String source = f.getOrDefault("source", "");
    if (!source.isEmpty()) {
      int paren = source.indexOf('(');
      if (paren > 0 && source.endsWith(")")) {
        sourceName = source.substring(0, paren).trim();
        sourceVersion = source.substring(paren + 1, source.length() - 1).trim();
      } else {
        sourceName = source.trim();
      }
    }
    if (sourceVersion.equals(version)) {
      sourceVersion = "";
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("arch", f.getOrDefault("architecture", ""));
    if (!sourceName.equals(name)) {
      q.put("upstream", sourceName);
    }
    out.add(OsPackages.create(Ecosystem.DEBIAN, name, version, sourceName, sourceVersion, q, List.of()));
  }
}
