package dev.kubeward.image.internal;

import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageException.Kind;
import dev.kubeward.image.ImageReference;
import dev.kubeward.image.Layer;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.Platform;
import dev.kubeward.model.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens registry images: resolves tag → index → platform manifest → config, and fetches layers into the cache. */
public final class RegistryImages {
  private RegistryImages() {}

  public static SimpleImage open(String name, ImageReference ref, Platform platform, RegistryClient client,
      LayerCache cache, ProgressListener progress) {
    Manifests.Manifest manifest = null;
    String manifestDigest = "";
    String reference = ref.manifestReference();
    String expected = ref.digest();
    for (int depth = 0; depth < 4 && manifest == null; depth++) {
      byte[] bytes;
      String contentType;
      try (RegistryClient.Response r = client.manifest(ref, reference, name)) {
        bytes = Manifests.readSmall(r.body(), name, "manifest");
        contentType = r.header("Content-Type").orElse("");
      } catch (IOException e) {
        throw new ImageException(Kind.UNAVAILABLE, name, "", "reading the manifest failed: " + e.getMessage(), e);
      }
      String actual = Digests.sha256(bytes);
      if (!expected.isEmpty() && !actual.equals(expected)) {
        throw new ImageException(Kind.DIGEST_MISMATCH, name, "",
            "manifest hashes to " + actual + ", not the requested " + expected);
      }
      Manifests.Document doc = Manifests.parse(bytes, contentType, name);
      if (doc.isIndex()) {
        Manifests.Descriptor chosen = Manifests.select(doc.index(), platform, name);
        reference = chosen.digest();
        expected = chosen.digest();
      } else {
        manifest = doc.manifest();
        manifestDigest = actual;
      }
    }
    if (manifest == null) {
      throw new ImageException(Kind.BAD_INPUT, name, "", "indexes nest too deeply");
    }
    byte[] configBytes = fetchSmallBlob(ref, manifest.config(), client, cache, name, "config");
    Manifests.Config config = Manifests.parseConfig(configBytes, name);
    List<Layer> layers = new ArrayList<>();
    for (Manifests.Descriptor d : manifest.layers()) {
      if (!Manifests.isFilesystemLayer(d.mediaType())) {
        continue;
      }
      int i = layers.size();
      layers.add(new Layer(i, d.digest(), i < config.diffIds().size() ? config.diffIds().get(i) : "", d.size(),
          d.mediaType()));
    }
    return new SimpleImage(name, manifestDigest, manifest.config().digest(), config.platform(), layers,
        layer -> {
          Path file = cache.blob(layer.digest()).orElse(null);
          if (file == null) {
            progress.progress("pull " + shortDigest(layer.digest()), 0, layer.size());
            try (RegistryClient.Response r = client.blob(ref, layer.digest(), name)) {
              file = cache.putBlob(layer.digest(), layer.size(), r.body(), name);
            }
            progress.progress("pull " + shortDigest(layer.digest()), layer.size(), layer.size());
          }
          // Verified again on the way out: the cache folder is only as trustworthy as its disk.
          return new VerifyingInputStream(Files.newInputStream(file), layer.digest(), layer.size(), name, layer.digest());
        },
        List.of());
  }

  private static byte[] fetchSmallBlob(ImageReference ref, Manifests.Descriptor d, RegistryClient client,
      LayerCache cache, String name, String what) {
    try {
      Optional<Path> cached = cache.blob(d.digest());
      if (cached.isEmpty()) {
        try (RegistryClient.Response r = client.blob(ref, d.digest(), name)) {
          cached = Optional.of(cache.putBlob(d.digest(), d.size(), new LimitedStream(r.body(), 4 << 20), name));
        }
      }
      try (InputStream in = new VerifyingInputStream(Files.newInputStream(cached.get()), d.digest(), d.size(), name,
          what + " " + d.digest())) {
        byte[] data = Manifests.readSmall(in, name, what);
        in.read();
        return data;
      }
    } catch (IOException e) {
      throw new ImageException(Kind.UNAVAILABLE, name, "", "reading the " + what + " failed: " + e.getMessage(), e);
    }
  }

  static String shortDigest(String digest) {
    String hex = Digests.hex(digest);
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** Stops reading after a cap so a hostile registry cannot stream an endless config. */
  private static final class LimitedStream extends java.io.FilterInputStream {
    private long left;

    LimitedStream(InputStream in, long cap) {
      super(in);
      this.left = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw new IOException("blob is larger than " + (4 << 20) + " bytes");
        }
      }
      return n;
    }
  }
}
