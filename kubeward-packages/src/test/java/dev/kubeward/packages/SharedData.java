package dev.kubeward.packages;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The read-only shared test data; tests skip visibly when it is absent. */
public final class SharedData {
  private SharedData() {}

  /** A path under the shared data folder, skipping the test when it is missing. */
  public static Path require(String relative) {
    String base = System.getProperty("kubeward.shared.data", "../../shared/data");
    Path p = Path.of(base).resolve(relative);
    if (!Files.exists(p)) {
      String msg = "shared data not found at " + p + "; skipping";
      System.err.println(msg);
      Assumptions.assumeTrue(false, msg);
    }
    return p;
  }

  public static Path pkgdb(String relative) {
    return require("pkgdb/" + relative);
  }

  public static Path image(String name) {
    return require("images/trivy/pkg/fanal/test/testdata/" + name);
  }
}
