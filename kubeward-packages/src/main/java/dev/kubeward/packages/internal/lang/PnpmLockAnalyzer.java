package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pnpm-lock.yaml}: package keys are {@code /name/1.0.0} (lockfile 5), {@code /name@1.0.0} (6) or
 * {@code name@1.0.0} (9), optionally followed by peer-dependency suffixes. Entries marked {@code dev: true} are left
 * out.
 */
public final class PnpmLockAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "pnpm-lock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("pnpm-lock.yaml") && !f.path().contains("node_modules/");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    JsonNode root = LangPackages.yaml(input);
    String lockVersion = LangPackages.text(root, "lockfileVersion");
    boolean v5 = lockVersion.startsWith("5");
    List<InstalledPackage> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    JsonNode packages = root.get("packages");
    if (packages == null || !packages.isObject()) {
      return AnalyzerResult.EMPTY;
    }
    Iterator<Map.Entry<String, JsonNode>> it = packages.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().path("dev").asBoolean(false)) {
        continue;
      }
      String key = e.getKey();
      String name = LangPackages.text(e.getValue(), "name");
      String version = LangPackages.text(e.getValue(), "version");
      if (name.isEmpty() || version.isEmpty()) {
        String[] nv = split(key, v5);
        if (nv == null) {
          continue;
        }
        name = nv[0];
        version = nv[1];
      }
      if (seen.add(name + "@" + version)) {
        out.add(LangPackages.npm(name, version));
      }
    }
    return AnalyzerResult.of(out);
  }

  /** Splits a package key into name and version, or null for non-registry keys (tarballs, git, links). */
  static String[] split(String key, boolean v5) {
    String k = key.startsWith("/") ? key.substring(1) : key;
    int paren = k.indexOf('(');
    if (paren > 0) {
      k = k.substring(0, paren);
    }
    if (k.contains(":")) {
      return null;
    }
    if (v5) {
      int slash = k.lastIndexOf('/');
      if (slash <= 0) {
        return null;
      }
      String version = k.substring(slash + 1);
      int underscore = version.indexOf('_');
      if (underscore > 0) {
        version = version.substring(0, underscore);
      }
      return new String[] {k.substring(0, slash), version};
    }
    int at = k.lastIndexOf('@');
    if (at <= 0) {
      return null;
    }
    return new String[] {k.substring(0, at), k.substring(at + 1)};
  }
}
