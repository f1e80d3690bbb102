package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.IOException;
import java.util.List;

/** Installed npm packages: {@code node_modules/NAME/package.json} and {@code node_modules/@SCOPE/NAME/package.json}. */
public final class NodeModulesAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "node-modules";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    if (!f.fileName().equals("package.json")) {
      return false;
    }
    String dir = f.directory();
    int nm = dir.lastIndexOf("node_modules/");
    if (nm < 0) {
      return false;
    }
    String rest = dir.substring(nm + "node_modules/".length());
    int slash = rest.indexOf('/');
    return rest.startsWith("@") ? slash > 0 && rest.indexOf('/', slash + 1) < 0 : slash < 0 && !rest.isEmpty();
  }

  @Override
  public long maxFileSize() {
    return 4L << 20;
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    JsonNode n = LangPackages.json(input);
    String name = LangPackages.text(n, "name");
    String version = LangPackages.text(n, "version");
    if (name.isEmpty() || version.isEmpty()) {
      return AnalyzerResult.EMPTY;
    }
    var p = LangPackages.npm(name, version);
    String license = LangPackages.text(n, "license");
    if (!license.isEmpty()) {
      p = new dev.kubeward.model.InstalledPackage(p.name(), p.version(), p.ecosystem(), p.purl(), "", "", List.of(), "",
          List.of(license));
    }
    return AnalyzerResult.of(List.of(p));
  }
}
