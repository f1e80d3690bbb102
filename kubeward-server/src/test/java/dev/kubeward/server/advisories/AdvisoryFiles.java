package dev.kubeward.server.advisories;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Real OSV records and feeds from the shared test data, for building small advisory databases. */
final class AdvisoryFiles {
  private AdvisoryFiles() {}

  /** The shared advisories folder; the test skips visibly when it is absent. */
  static Path advisories() {
    Path dir = Path.of(System.getProperty("kubeward.shared.data", "../../shared/data")).resolve("advisories");
    if (!Files.isDirectory(dir.resolve("osv"))) {
      String msg = "shared data not found at " + dir.toAbsolutePath() + "; skipping";
      System.err.println(msg);
      assumeTrue(false, msg);
    }
    return dir;
  }

  /** Copies records out of one of the shared OSV ecosystem zips into {@code dir}. */
  static Path extract(String zip, Path dir, String... entries) throws IOException {
    Files.createDirectories(dir);
    try (ZipFile z = new ZipFile(advisories().resolve("osv").resolve(zip).toFile())) {
      for (String entry : entries) {
        ZipEntry e = z.getEntry(entry);
        try (InputStream in = z.getInputStream(e)) {
          Files.copy(in, dir.resolve(entry), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return dir;
  }

  static InstalledPackage pkg(String name, String version, Ecosystem e, String purl) {
    return new InstalledPackage(name, version, e, purl, "", "", List.of("test"), "", List.of());
  }
}
