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
import java.util.Map;

/** Alpine's (and Wolfi's) installed database {@code lib/apk/db/installed}: one stanza per package. */
public final class ApkAnalyzer implements PackageAnalyzer {
  @Override
  public String name() {
    return "apk";
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
    return file.fileName().equals("installed") && file.path().equals("lib/apk/db/installed");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<Character, String> fields = new LinkedHashMap<>();
    List<String> licenses = new ArrayList<>();
    int line = 0;
    int stanzaLine = 1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String s;
      while ((s = r.readLine()) != null) {
        line++;
        if (s.isBlank()) {
          emit(fields, packages, warnings, stanzaLine);
          fields.clear();
          stanzaLine = line + 1;
          continue;
        }
        if (s.length() < 2 || s.charAt(1) != ':') {
          warnings.add("line " + line + " is not a 'X:value' field");
          continue;
        }
        fields.putIfAbsent(s.charAt(0), s.substring(2));
      }
    }
    emit(fields, packages, warnings, stanzaLine);
    return AnalyzerResult.of(packages, warnings);
  }

  private static void emit(Map<Character, String> f, List<InstalledPackage> out, List<String> warnings, int line) {
    if (f.isEmpty()) {
      return;
    }
    String name = f.getOrDefault('P', "");
    String version = f.getOrDefault('V', "");
    if (name.isEmpty() || version.isEmpty()) {
      warnings.add("package entry at line " + line + " lacks a name (P:) or version (V:)");
      return;
    }
    String origin = f.getOrDefault('o', name);
    String license = f.getOrDefault('L', "");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("arch", f.getOrDefault('A', ""));
    out.add(OsPackages.create(Ecosystem.ALPINE, name, version, origin, "", q,
        license.isEmpty() ? List.of() : List.of(license)));
  }
}
