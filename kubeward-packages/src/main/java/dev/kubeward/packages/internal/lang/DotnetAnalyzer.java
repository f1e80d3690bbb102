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

/** .NET: {@code *.deps.json} libraries of type "package", and {@code packages.lock.json} resolved packages. */
public final class DotnetAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "dotnet";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().endsWith(".deps.json") || f.fileName().equals("packages.lock.json");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    JsonNode root = LangPackages.json(input);
    List<InstalledPackage> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (input.file().fileName().equals("packages.lock.json")) {
      Iterator<Map.Entry<String, JsonNode>> frameworks = root.path("dependencies").fields();
      while (frameworks.hasNext()) {
        Iterator<Map.Entry<String, JsonNode>> deps = frameworks.next().getValue().fields();
        while (deps.hasNext()) {
          Map.Entry<String, JsonNode> d = deps.next();
          String type = LangPackages.text(d.getValue(), "type");
          String version = LangPackages.text(d.getValue(), "resolved");
          if (!type.equalsIgnoreCase("Project") && !version.isEmpty() && seen.add(d.getKey() + "@" + version)) {
            out.add(LangPackages.nuget(d.getKey(), version));
          }
        }
      }
    } else {
      Iterator<Map.Entry<String, JsonNode>> libs = root.path("libraries").fields();
      while (libs.hasNext()) {
        Map.Entry<String, JsonNode> lib = libs.next();
        if (!LangPackages.text(lib.getValue(), "type").equalsIgnoreCase("package")) {
          continue;
        }
        int slash = lib.getKey().lastIndexOf('/');
        if (slash <= 0) {
          continue;
        }
        String name = lib.getKey().substring(0, slash);
        String version = lib.getKey().substring(slash + 1);
        if (seen.add(name + "@" + version)) {
          out.add(LangPackages.nuget(name, version));
        }
      }
    }
    return AnalyzerResult.of(out);
  }
}
