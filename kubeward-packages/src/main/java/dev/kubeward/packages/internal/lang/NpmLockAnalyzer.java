package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * npm's {@code package-lock.json} (lockfile versions 1 to 3; also {@code npm-shrinkwrap.json} and the hidden
 * {@code node_modules/.package-lock.json}). Development dependencies, workspace links and the root project are left
 * out: they are not installed in a production image.
 */
public final class NpmLockAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "npm-lock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    String n = f.fileName();
    return (n.equals("package-lock.json") || n.equals("npm-shrinkwrap.json") || n.equals(".package-lock.json"))
        && !f.path().contains("node_modules/") || f.path().endsWith("node_modules/.package-lock.json");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    JsonNode root = LangPackages.json(input);
    List<InstalledPackage> out = new ArrayList<>();
    JsonNode packages = root.get("packages");
    if (packages != null && packages.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = packages.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        if (key.isEmpty() || v.path("link").asBoolean() || v.path("dev").asBoolean()) {
          continue;
        }
        int nm = key.lastIndexOf("node_modules/");
        if (nm < 0) {
          continue; // a workspace folder, not an installed package
        }
        String name = LangPackages.text(v, "name");
        if (name.isEmpty()) {
          name = key.substring(nm + "node_modules/".length());
        }
        String version = LangPackages.text(v, "version");
        if (!version.isEmpty()) {
          out.add(LangPackages.npm(name, version));
        }
      }
    } else {
      walkV1(root.get("dependencies"), out, 0);
    }
    // The same version installed in several nested node_modules folders is one package.
    java.util.Map<String, InstalledPackage> unique = new java.util.LinkedHashMap<>();
    out.forEach(p -> unique.putIfAbsent(p.name() + "@" + p.version(), p));
    return AnalyzerResult.of(List.copyOf(unique.values()));
  }

  private static void walkV1(JsonNode deps, List<InstalledPackage> out, int depth) {
    if (deps == null || !deps.isObject() || depth > 64) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = deps.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.path("dev").asBoolean()) {
        continue;
      }
      String version = LangPackages.text(v, "version");
      if (!version.isEmpty() && !version.startsWith("file:") && !version.startsWith("link:")) {
        out.add(LangPackages.npm(e.getKey(), version));
      }
      walkV1(v.get("dependencies"), out, depth + 1);
    }
  }
}
