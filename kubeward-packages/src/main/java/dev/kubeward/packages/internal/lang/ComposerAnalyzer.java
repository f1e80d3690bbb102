package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PHP Composer: {@code composer.lock} ("packages", not "packages-dev") and the installed list
 * {@code vendor/composer/installed.json} (Composer 1: an array; 2: an object with "packages").
 */
public final class ComposerAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "composer";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("composer.lock") && !f.path().contains("vendor/")
        || f.path().endsWith("vendor/composer/installed.json");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    JsonNode root = LangPackages.json(input);
    JsonNode list = root.isArray() ? root : root.path("packages");
    List<InstalledPackage> out = new ArrayList<>();
    boolean installed = input.file().fileName().equals("installed.json");
    for (JsonNode p : list) {
      if (installed && p.path("dev_requirement").asBoolean(false)) {
        continue;
      }
      String name = LangPackages.text(p, "name");
      String version = LangPackages.text(p, "version");
      if (name.isEmpty() || version.isEmpty()) {
        continue;
      }
      List<String> licenses = new ArrayList<>();
      p.path("license").forEach(l -> licenses.add(l.asText()));
      out.add(LangPackages.composer(name, version, licenses));
    }
    return AnalyzerResult.of(out);
  }
}
