package dev.kubeward.packages.internal.lang;

import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code yarn.lock}, classic (v1, its own format) and berry (v2+, YAML-shaped): one entry per resolved package.
 * Workspace, link, file and patch entries are not registry packages and are left out.
 */
public final class YarnLockAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "yarn-lock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("yarn.lock") && !f.path().contains("node_modules/");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    List<InstalledPackage> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String name = null;
    boolean skip = false;
    int lineNo = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (!line.startsWith(" ")) {
          if (!line.endsWith(":")) {
            warnings.add("line " + lineNo + " is not an entry header");
            name = null;
            continue;
          }
          String spec = line.substring(0, line.length() - 1).split(",")[0].trim();
          spec = unquote(spec);
          if (spec.equals("__metadata")) {
            name = null;
            continue;
          }
          int at = spec.indexOf('@', spec.startsWith("@") ? 1 : 0);
          name = at > 0 ? spec.substring(0, at) : null;
          String range = at > 0 ? spec.substring(at + 1) : "";
          skip = range.startsWith("workspace:") || range.startsWith("link:") || range.startsWith("file:")
              || range.startsWith("portal:") || range.startsWith("patch:") || range.startsWith("exec:");
          continue;
        }
        String t = line.trim();
        if (name != null && !skip && line.startsWith("  ") && !line.startsWith("   ")
            && (t.startsWith("version ") || t.startsWith("version:"))) {
          String version = unquote(t.substring(t.startsWith("version:") ? 8 : 7).trim());
          if (!version.isEmpty() && !version.startsWith("0.0.0-use.local") && seen.add(name + "@" + version)) {
            out.add(LangPackages.npm(name, version));
          }
          name = null;
        }
      }
    }
    return AnalyzerResult.of(out, warnings);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
