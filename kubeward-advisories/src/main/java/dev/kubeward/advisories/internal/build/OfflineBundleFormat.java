package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.AdvisoryDatabaseException;
import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.StoredSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The offline bundle: a zip holding {@code kubeward-bundle.json} (the manifest: every source file with its slot,
 * origin, retrieval time and SHA-256) followed by the source files under {@code sources/}. Import checks every
 * checksum and size and refuses entries the manifest does not list, before anything is replaced.
 */
public final class OfflineBundleFormat {
  public static final String MANIFEST = "kubeward-bundle.json";
  static final int FORMAT = 1;

  private OfflineBundleFormat() {}

  /** The manifest. */
  public record Manifest(int bundleFormat, String createdAt, String kubewardBuildId, List<StoredSource> sources) {}

  /** True when {@code file} is a zip with a bundle manifest. */
  public static boolean isBundle(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(MANIFEST) != null;
    } catch (IOException e) {
      return false;
    }
  }

  public static void write(Path out, Manifest manifest, DatabaseFolder folder) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(AdvisoryStore.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      zip.closeEntry();
      for (StoredSource s : manifest.sources()) {
        zip.putNextEntry(new ZipEntry("sources/" + s.cachedFile()));
        Files.copy(folder.cached(s), zip);
        zip.closeEntry();
      }
    }
  }

  /**
   * Verifies a bundle and extracts its sources into {@code staging}.
   *
   * @throws AdvisoryDatabaseException naming the bundle and the first entry that is missing, extra or altered
   */
  public static List<BuildInput> extract(Path bundle, Path staging) throws IOException {
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      ZipEntry me = zip.getEntry(MANIFEST);
      if (me == null) {
        throw new AdvisoryDatabaseException(bundle + ": not an offline bundle (no " + MANIFEST + ")");
      }
      Manifest manifest;
      try (InputStream in = zip.getInputStream(me)) {
        manifest = AdvisoryStore.MAPPER.readValue(in.readNBytes(16 << 20), Manifest.class);
      } catch (IOException e) {
        throw new AdvisoryDatabaseException(bundle + ": unreadable manifest: " + e.getMessage(), e);
      }
      if (manifest.bundleFormat() != FORMAT || manifest.sources() == null) {
        throw new AdvisoryDatabaseException(bundle + ": bundle format " + manifest.bundleFormat() + " is not supported");
      }
      Set<String> listed = new HashSet<>();
      List<BuildInput> inputs = new ArrayList<>();
      for (StoredSource s : manifest.sources()) {
        String name = "sources/" + s.cachedFile();
        listed.add(name);
        ZipEntry e = zip.getEntry(name);
        if (e == null || s.cachedFile().contains("/") || s.cachedFile().contains("..")) {
          throw new AdvisoryDatabaseException(bundle + ": " + name + " is listed in the manifest but missing");
        }
        Path target = staging.resolve(s.cachedFile());
        long[] size = {0};
        String sha;
        try (InputStream in = zip.getInputStream(e)) {
          sha = HttpFetcher.copy(in, target, size);
        }
        if (!sha.equals(s.sha256()) || size[0] != s.size()) {
          throw new AdvisoryDatabaseException(bundle + ": " + name + " does not match its checksum in the manifest"
              + " (expected sha256 " + s.sha256() + ", " + s.size() + " bytes; got " + sha + ", " + size[0] + " bytes)");
        }
        inputs.add(new BuildInput(s, target));
      }
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (!name.equals(MANIFEST) && !listed.contains(name)) {
          throw new AdvisoryDatabaseException(bundle + ": " + name + " is not listed in the manifest");
        }
      }
      return inputs;
    } catch (java.util.zip.ZipException e) {
      throw new AdvisoryDatabaseException(bundle + ": corrupt bundle: " + e.getMessage(), e);
    }
  }
}
