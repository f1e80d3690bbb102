package dev.kubeward.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageException.Kind;
import dev.kubeward.image.Layer;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerLimits;
import dev.kubeward.image.Platform;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Opens images stored locally: {@code docker save} archives and OCI image layouts, as folders or tar files. */
public final class LocalImages {
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private LocalImages() {}

  /** Opens a {@code docker save} archive (plain or gzip-compressed tar). */
  public static SimpleImage dockerArchive(String name, Path file, LayerCache cache, LayerLimits limits) {
    List<Closeable> resources = new ArrayList<>();
    try {
      FileSource files = openTar(name, file, cache, limits, resources);
      if (!files.isFile("manifest.json")) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "not a docker save archive: it has no manifest.json");
      }
      JsonNode manifest = Manifests.readJson(readSmall(files, "manifest.json", name), name, "manifest.json");
      if (!manifest.isArray() || manifest.isEmpty()) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "manifest.json lists no image");
      }
      if (manifest.size() > 1) {
        throw new ImageException(Kind.UNSUPPORTED, name, "",
            "the archive holds " + manifest.size() + " images; save one image per archive");
      }
      JsonNode entry = manifest.get(0);
      String configPath = Manifests.text(entry, "Config");
      if (configPath.isEmpty() || !files.isFile(configPath)) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "manifest.json names a config that is not in the archive");
      }
      byte[] configBytes = readSmall(files, configPath, name);
      Manifests.Config config = Manifests.parseConfig(configBytes, name);
      String configDigest = Digests.sha256(configBytes);
      String expectedConfig = digestFromBlobPath(configPath, ".json");
      if (!expectedConfig.isEmpty() && !expectedConfig.equals(configDigest)) {
        throw new ImageException(Kind.DIGEST_MISMATCH, name, "", "config " + configPath + " hashes to " + configDigest);
      }
      JsonNode layerPaths = entry.path("Layers");
      if (!layerPaths.isArray() || layerPaths.size() != config.diffIds().size()) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "manifest.json lists " + layerPaths.size()
            + " layers but the config has " + config.diffIds().size() + " diff_ids");
      }
      List<Layer> layers = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < layerPaths.size(); i++) {
        String path = layerPaths.get(i).asText();
        if (!files.isFile(path)) {
          throw new ImageException(Kind.BAD_INPUT, name, path, "layer file is missing from the archive");
        }
        String diffId = config.diffIds().get(i);
        String stored = digestFromBlobPath(path, "");
        if (stored.isEmpty()) {
          // Legacy "<id>/layer.tar": stored bytes are usually the uncompressed tar, whose digest is the diff_id.
          stored = isCompressed(files, path) ? hash(files, path) : diffId;
        }
        layers.add(new Layer(i, stored, diffId, files.size(path), ""));
        paths.add(path);
      }
      return new SimpleImage(name, "", configDigest, config.platform(), layers,
          layer -> new VerifyingInputStream(files.open(paths.get(layer.index())), layer.digest(), layer.size(), name,
              layer.digest()),
          resources);
    } catch (IOException e) {
      closeAll(resources);
      throw new ImageException(Kind.BAD_INPUT, name, "", "cannot read archive: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  /** Opens an OCI image layout (folder or tar), choosing by tag (ref.name annotation) and platform. */
  public static SimpleImage ociLayout(String name, Path location, String tag, Platform platform, LayerCache cache,
      LayerLimits limits) {
    List<Closeable> resources = new ArrayList<>();
    try {
      FileSource files = Files.isDirectory(location)
          ? FileSource.directory(location)
          : openTar(name, location, cache, limits, resources);
      if (!files.isFile("oci-layout")) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "not an OCI image layout: it has no oci-layout file");
      }
      if (!files.isFile("index.json")) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "OCI layout has no index.json file");
      }
      Manifests.Document index = Manifests.parse(readSmall(files, "index.json", name), Manifests.OCI_INDEX, name);
      if (!index.isIndex() || index.index().isEmpty()) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "index.json lists no manifests");
      }
      List<Manifests.Descriptor> candidates = index.index();
      if (!tag.isEmpty()) {
        candidates = candidates.stream().filter(d -> tag.equals(d.annotations().get(REF_NAME))).toList();
        if (candidates.isEmpty()) {
          throw new ImageException(Kind.NOT_FOUND, name, "", "no manifest tagged '" + tag + "' in the layout");
        }
      }
      Manifests.Descriptor chosen = choose(candidates, platform, name);
      Manifests.Manifest manifest = null;
      String manifestDigest = "";
      for (int depth = 0; depth < 4 && manifest == null; depth++) {
        byte[] bytes = readBlob(files, chosen, name, "manifest");
        Manifests.Document doc = Manifests.parse(bytes, chosen.mediaType(), name);
        if (doc.isIndex()) {
          chosen = choose(doc.index(), platform, name);
        } else {
          manifest = doc.manifest();
          manifestDigest = chosen.digest();
        }
      }
      if (manifest == null) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "indexes nest too deeply");
      }
      Manifests.Config config = Manifests.parseConfig(readBlob(files, manifest.config(), name, "config"), name);
      List<Layer> layers = new ArrayList<>();
      for (Manifests.Descriptor d : manifest.layers()) {
        if (!Manifests.isFilesystemLayer(d.mediaType())) {
          continue;
        }
        int i = layers.size();
        String diffId = i < config.diffIds().size() ? config.diffIds().get(i) : "";
        layers.add(new Layer(i, d.digest(), diffId, d.size(), d.mediaType()));
      }
      return new SimpleImage(name, manifestDigest, manifest.config().digest(), config.platform(), layers,
          layer -> new VerifyingInputStream(files.open(blobPath(layer.digest())), layer.digest(), layer.size(), name,
              layer.digest()),
          resources);
    } catch (IOException e) {
      closeAll(resources);
      throw new ImageException(e instanceof NoSuchFileException ? Kind.NOT_FOUND : Kind.BAD_INPUT, name, "",
          "cannot read OCI layout: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Manifests.Descriptor choose(List<Manifests.Descriptor> candidates, Platform platform, String name) {
    if (candidates.size() == 1 && candidates.get(0).platform() == null) {
      return candidates.get(0);
    }
    if (candidates.stream().allMatch(d -> d.platform() == null)) {
      if (candidates.isEmpty()) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "no manifests to choose from");
      }
      throw new ImageException(Kind.BAD_INPUT, name, "", "the layout holds " + candidates.size()
          + " images without platforms; name one with oci:PATH:TAG");
    }
    return Manifests.select(candidates, platform, name);
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.substring(0, digest.indexOf(':')) + "/" + Digests.hex(digest);
  }

  private static byte[] readBlob(FileSource files, Manifests.Descriptor d, String name, String what) throws IOException {
    String path = blobPath(d.digest());
    if (!files.isFile(path)) {
      throw new ImageException(Kind.NOT_FOUND, name, "", what + " blob " + d.digest() + " is missing from the layout");
    }
    try (InputStream in = new VerifyingInputStream(files.open(path), d.digest(), d.size(), name, what + " " + d.digest())) {
      byte[] data = Manifests.readSmall(in, name, what);
      in.read();
      return data;
    }
  }

  private static byte[] readSmall(FileSource files, String path, String name) throws IOException {
    try (InputStream in = files.open(path)) {
      return Manifests.readSmall(in, name, path);
    }
  }

  private static String digestFromBlobPath(String path, String suffix) {
    String p = path.startsWith("./") ? path.substring(2) : path;
    if (p.startsWith("blobs/sha256/")) {
      String hex = p.substring("blobs/sha256/".length());
      return hex.matches("[a-f0-9]{64}") ? "sha256:" + hex : "";
    }
    if (!suffix.isEmpty() && p.endsWith(suffix) && !p.contains("/")) {
      String hex = p.substring(0, p.length() - suffix.length());
      return hex.matches("[a-f0-9]{64}") ? "sha256:" + hex : "";
    }
    return "";
  }

  private static boolean isCompressed(FileSource files, String path) throws IOException {
    try (InputStream in = files.open(path)) {
      byte[] m = in.readNBytes(4);
      return m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b
          || m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5;
    }
  }

  private static String hash(FileSource files, String path) throws IOException {
    MessageDigest md = Digests.hasherFor("sha256:");
    try (InputStream in = files.open(path)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return Digests.format("sha256:", md.digest());
  }

  /** A tar archive as a file source; a gzip-compressed one is first expanded into the cache (with the bomb caps). */
  private static FileSource openTar(String name, Path file, LayerCache cache, LayerLimits limits, List<Closeable> resources)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ImageException(Kind.NOT_FOUND, name, "", "no such file: " + file);
    }
    Path tarFile = file;
    boolean gzip;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] m = in.readNBytes(2);
      gzip = m.length == 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
    }
    if (gzip) {
      Path tmp = cache.newTempFile();
      resources.add(() -> Files.deleteIfExists(tmp));
      try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(file));
          InputStream in = new GuardedInputStream(new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16),
              limits, raw::count, name, "");
          OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      } catch (java.util.zip.ZipException | java.io.EOFException e) {
        throw new ImageException(Kind.BAD_INPUT, name, "", "corrupt or truncated gzip archive: " + e.getMessage(), e);
      }
      tarFile = tmp;
    }
    try {
      FileSource source = FileSource.tar(tarFile);
      resources.add(0, source);
      return source;
    } catch (IOException | RuntimeException e) {
      throw new ImageException(Kind.BAD_INPUT, name, "", "not a readable tar archive: " + e.getMessage(), e);
    }
  }

  private static void closeAll(List<Closeable> resources) {
    for (Closeable c : resources) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Best effort.
      }
    }
  }
}
