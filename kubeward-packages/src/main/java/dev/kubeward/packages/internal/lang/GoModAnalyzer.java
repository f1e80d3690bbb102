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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code go.mod}: every required module (direct and indirect, as Go ≥ 1.17 lists them all), with {@code replace}
 * directives applied; modules replaced by a local folder are left out. Vendored copies under {@code vendor/} are
 * skipped.
 */
public final class GoModAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "go-mod";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("go.mod") && !f.path().contains("vendor/") && !f.path().startsWith("usr/local/go/")
        && !f.path().contains("/pkg/mod/");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    Map<String, String> required = new LinkedHashMap<>();
    Map<String, String[]> replaces = new LinkedHashMap<>();
    String block = "";
    try (BufferedReader r = new BufferedReader(new InputStreamReader(input.open(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int comment = line.indexOf("//");
        String t = (comment >= 0 ? line.substring(0, comment) : line).trim();
        if (t.isEmpty()) {
          continue;
        }
        if (t.equals(")")) {
          block = "";
          continue;
        }
        if (t.endsWith("(")) {
          block = t.substring(0, t.length() - 1).trim();
          continue;
        }
        String directive = block;
        String body = t;
        if (block.isEmpty()) {
          int sp = t.indexOf(' ');
          if (sp < 0) {
            continue;
          }
          directive = t.substring(0, sp);
          body = t.substring(sp + 1).trim();
        }
        String[] f = body.split("\\s+");
        if (directive.equals("require") && f.length >= 2) {
          required.put(unquote(f[0]), f[1]);
        } else if (directive.equals("replace")) {
          int arrow = java.util.Arrays.asList(f).indexOf("=>");
          if (arrow > 0 && arrow + 1 < f.length) {
            String from = unquote(f[0]);
            String fromVersion = arrow == 2 ? f[1] : "";
            String to = unquote(f[arrow + 1]);
            String toVersion = arrow + 2 < f.length ? f[arrow + 2] : "";
            replaces.put(from + "@" + fromVersion, new String[] {to, toVersion});
          }
        }
      }
    }
    List<InstalledPackage> out = new ArrayList<>();
    for (Map.Entry<String, String> e : required.entrySet()) {
      String[] rep = replaces.getOrDefault(e.getKey() + "@" + e.getValue(), replaces.get(e.getKey() + "@"));
      if (rep == null) {
        out.add(LangPackages.go(e.getKey(), e.getValue()));
      } else if (!rep[1].isEmpty()) {
        out.add(LangPackages.go(rep[0], rep[1]));
      }
    }
    return AnalyzerResult.of(out);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && (s.startsWith("\"") || s.startsWith("`")) ? s.substring(1, s.length() - 1) : s;
  }
}
