package dev.kubeward.packages.internal.lang;

import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Installed Python distributions: {@code *.dist-info/METADATA}, {@code *.egg-info/PKG-INFO} and single-file
 * {@code *.egg-info}. Only the header block (up to the first blank line) is read.
 */
public final class PythonMetadataAnalyzer implements PackageAnalyzer {
  @Override
  public String name() {
    return "python-metadata";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    String n = f.fileName();
    return n.equals("METADATA") && f.directory().endsWith(".dist-info")
        || n.equals("PKG-INFO") && f.directory().endsWith(".egg-info")
        || n.endsWith(".egg-info") && f.size() > 0;
  }

  @Override
  public long maxFileSize() {
    return 16L << 20;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    String name = "";
    String version = "";
    List<String> licenses = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String line;
      int lines = 0;
      while ((line = r.readLine()) != null && !line.isEmpty() && lines++ < 10_000) {
        int colon = line.indexOf(':');
        if (colon <= 0 || line.startsWith(" ")) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        switch (key) {
          case "Name" -> name = value;
          case "Version" -> version = value;
          case "License-Expression" -> licenses.add(0, value);
          case "License" -> {
            if (!value.isEmpty() && !value.equalsIgnoreCase("UNKNOWN") && value.length() < 100) {
              licenses.add(value);
            }
          }
          default -> {
            // Not needed.
          }
        }
      }
    }
    if (name.isEmpty() || version.isEmpty()) {
      return new AnalyzerResult(List.of(), null, 0, List.of("no Name or Version header"));
    }
    return AnalyzerResult.of(List.of(LangPackages.pypi(name, version, licenses.isEmpty() ? List.of() : List.of(licenses.get(0)))));
  }
}
