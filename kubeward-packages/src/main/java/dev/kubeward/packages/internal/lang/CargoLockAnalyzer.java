package dev.kubeward.packages.internal.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.CandidateFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code Cargo.lock}: every crate with a source (registry or git); the workspace's own crates have none. */
public final class CargoLockAnalyzer extends LangPackages.ByName {
  @Override
  public String name() {
    return "cargo-lock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean accepts(CandidateFile f) {
    return f.fileName().equals("Cargo.lock") && !f.path().contains("/registry/src/");
  }

  @Override
  public AnalyzerResult analyze(AnalyzerInput input) throws IOException {
    List<InstalledPackage> out = new ArrayList<>();
    for (JsonNode p : LangPackages.toml(input).path("package")) {
      if (!p.has("source")) {
        continue;
      }
      String name = LangPackages.text(p, "name");
      String version = LangPackages.text(p, "version");
      if (!name.isEmpty() && !version.isEmpty()) {
        out.add(LangPackages.cargo(name, version));
      }
    }
    return AnalyzerResult.of(out);
  }
}
