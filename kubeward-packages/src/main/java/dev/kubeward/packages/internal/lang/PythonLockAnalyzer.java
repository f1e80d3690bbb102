package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python dependency files: pinned lines of {@code requirements*.txt}, {@code poetry.lock}, {@code Pipfile.lock}
 * (default section only) and {@code uv.lock} (without the project itself).
 */
public final class PythonLockAnalyzer extends LangPackages.ByName {
  private static final Pattern PINNED = Pattern.compile(
      "^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\\s*(?:[;#\\\\].*)?$");

  @Override
  public String name() {
    return "python-lock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    String n = f.fileName();
    if (f.path().contains("site-packages/") || f.path().contains("dist-packages/")) {
      return false;
    }
    return n.equals("poetry.lock") || n.equals("Pipfile.lock") || n.equals("uv.lock")
        || n.startsWith("requirements") && n.endsWith(".txt");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    String n = input.file().fileName();
    List<InstalledPackage> out = new ArrayList<>();
    switch (n) {
      case "poetry.lock" -> {
        for (JsonNode p : LangPackages.toml(input).path("package")) {
          if (!LangPackages.text(p, "category").equals("dev")) {
            add(out, LangPackages.text(p, "name"), LangPackages.text(p, "version"));
          }
        }
      }
      case "uv.lock" -> {
        for (JsonNode p : LangPackages.toml(input).path("package")) {
          JsonNode source = p.path("source");
          if (source.has("editable") || source.has("virtual")) {
            continue;
          }
          add(out, LangPackages.text(p, "name"), LangPackages.text(p, "version"));
        }
      }
      case "Pipfile.lock" -> {
        Iterator<Map.Entry<String, JsonNode>> it = LangPackages.json(input).path("default").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String v = LangPackages.text(e.getValue(), "version");
          if (v.startsWith("==")) {
            add(out, e.getKey(), v.substring(2));
          }
        }
      }
      default -> requirements(input, out);
    }
    return AnalyzerResult.of(out);
  }

  private static void add(List<InstalledPackage> out, String name, String version) {
    if (!name.isEmpty() && !version.isEmpty()) {
      out.add(LangPackages.pypi(name, version, List.of()));
    }
  }

  private static void requirements(AnalyzerInput input, List<InstalledPackage> out) throws IOException {
    byte[] data = input.readAll(LangPackages.MAX_LOCKFILE);
    Charset cs = StandardCharsets.UTF_8;
    if (data.length >= 2 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xfe) {
      cs = StandardCharsets.UTF_16LE;
    } else if (data.length >= 2 && (data[0] & 0xff) == 0xfe && (data[1] & 0xff) == 0xff) {
      cs = StandardCharsets.UTF_16BE;
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data), cs))) {
      String line;
      while ((line = r.readLine()) != null) {
        line = line.replace("\uFEFF", "").trim();
        int hash = line.indexOf(" #");
        if (hash >= 0) {
          line = line.substring(0, hash).trim();
        }
        int semi = line.indexOf(';');
        if (semi >= 0) {
          line = line.substring(0, semi).trim();
        }
        int opt = line.indexOf(" --");
        if (opt >= 0) {
          line = line.substring(0, opt).trim();
        }
        Matcher m = PINNED.matcher(line);
        if (m.matches()) {
          add(out, m.group(1), m.group(2));
        }
      }
    }
  }
}
