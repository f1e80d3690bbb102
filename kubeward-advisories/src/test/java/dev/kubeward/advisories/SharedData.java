package dev.kubeward.advisories;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared, read-only test data; tests that need it skip visibly when it is absent. */
final class SharedData {
  private SharedData() {}

  static Path root() {
    Path dir = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data"));
    if (!Files.isDirectory(dir.resolve("advisories"))) {
      String msg = "shared data not found at " + dir.toAbsolutePath() + "; skipping";
      System.err.println(msg);
      assumeTrue(false, msg);
    }
    return dir;
  }

  static Path advisories() {
    return root().resolve("advisories");
  }
}
