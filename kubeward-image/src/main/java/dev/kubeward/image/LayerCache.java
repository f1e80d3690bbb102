package dev.kubeward.image;

import dev.kubeward.image.internal.Digests;
import dev.kubeward.image.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk cache shared by scans: verified layer blobs named by digest, and small results computed from a layer
 * (what the analyzers found in it), so an image shared by many workloads, or a layer shared by many images, is
 * fetched and read once. Total size is capped; the least recently used entries go first. Everything a scan writes
 * — including temporary files — stays under this folder.
 */
public final class LayerCache {
  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,199}");
  private final Path root;
  private final long maxBytes;
  private final Map<Path, Entry> index = new ConcurrentHashMap<>();
  private final Object evictLock = new Object();
  private volatile boolean loaded;

  private record Entry(long size, long lastUsed) {}

  /**
   * @param root the cache folder (created when missing)
   * @param maxBytes the size cap; entries are evicted least recently used first when it is exceeded
   */
  public LayerCache(Path root, long maxBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(this.root.resolve("blobs"));
      Files.createDirectories(this.root.resolve("results"));
      Files.createDirectories(this.root.resolve("tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the layer cache at " + this.root, e);
    }
    cleanStaleTemporaries();
  }

  /** The cache under {@code ~/.kubeward/cache} with a 10 GiB cap. */
  public static LayerCache defaultCache() {
    return new LayerCache(Path.of(System.getProperty("user.home"), ".kubeward", "cache"), 10L << 30);
  }

  /** The cache folder. */
  public Path root() {
    return root;
  }

  /** The size cap in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /** A verified blob, if cached; marks it used. */
  public Optional<Path> blob(String digest) {
    if (!Digests.isValid(digest)) {
      return Optional.empty();
    }
    Path p = blobPath(digest);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    touch(p);
    return Optional.of(p);
  }

  /**
   * Stores a blob, verifying its digest (and size, if known) while copying; a blob that does not match is never
   * stored. Returns the cached file.
   */
  public Path putBlob(String digest, long expectedSize, InputStream content, String image) throws IOException {
    if (!Digests.isValid(digest)) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, digest, "malformed digest");
    }
    Path target = blobPath(digest);
    Path tmp = newTempFile();
    try (VerifyingInputStream in = new VerifyingInputStream(content, digest, expectedSize, image, digest);
        OutputStream out = Files.newOutputStream(tmp)) {
      in.transferTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.createDirectories(target.getParent());
    moveInto(tmp, target);
    record(target);
    return target;
  }

  /** A cached result, if present; marks it used. */
  public Optional<byte[]> result(String namespace, String key) {
    Path p = resultPath(namespace, key);
    try {
      byte[] data = Files.readAllBytes(p);
      touch(p);
      return Optional.of(data);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Stores a result (atomically replacing an older one). */
  public void putResult(String namespace, String key, byte[] data) throws IOException {
    Path target = resultPath(namespace, key);
    Files.createDirectories(target.getParent());
    Path tmp = newTempFile();
    Files.write(tmp, data);
    moveInto(tmp, target);
    record(target);
  }

  /**
   * A fresh temporary file inside the cache folder, for content that must be read more than once (an SQLite
   * database, a jar). The caller deletes it.
   */
  public Path newTempFile() throws IOException {
    return Files.createTempFile(root.resolve("tmp"), "work-", ".tmp");
  }

  /** Bytes currently held by blobs and results. */
  public long sizeBytes() {
    ensureLoaded();
    return index.values().stream().mapToLong(Entry::size).sum();
  }

  private Path blobPath(String digest) {
    String alg = digest.substring(0, digest.indexOf(':'));
    return root.resolve("blobs").resolve(alg).resolve(Digests.hex(digest));
  }

  private Path resultPath(String namespace, String key) {
    if (!SAFE_KEY.matcher(namespace).matches() || !SAFE_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("cache keys are limited to [A-Za-z0-9._:-], not starting with a dot: " + namespace + "/" + key);
    }
    return root.resolve("results").resolve(namespace).resolve(key.replace(':', '_'));
  }

  private static void moveInto(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (FileAlreadyExistsException ignored) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private void touch(Path p) {
    long now = System.currentTimeMillis();
    try {
      Files.setLastModifiedTime(p, FileTime.fromMillis(now));
    } catch (IOException ignored) {
      // Another process evicted it; the index catches up below.
    }
    index.computeIfPresent(p, (k, e) -> new Entry(e.size(), now));
  }

  private void record(Path p) throws IOException {
    ensureLoaded();
    index.put(p, new Entry(Files.size(p), System.currentTimeMillis()));
    evictIfNeeded();
  }

  private void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (evictLock) {
      if (loaded) {
        return;
      }
      for (String area : List.of("blobs", "results")) {
        try (Stream<Path> s = Files.walk(root.resolve(area))) {
          s.filter(Files::isRegularFile).forEach(p -> {
            try {
              index.putIfAbsent(p, new Entry(Files.size(p), Files.getLastModifiedTime(p).toMillis()));
            } catch (IOException ignored) {
              // Vanished meanwhile.
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list the layer cache at " + root, e);
        }
      }
      loaded = true;
    }
  }

  private void evictIfNeeded() {
    synchronized (evictLock) {
      long total = index.values().stream().mapToLong(Entry::size).sum();
      if (total <= maxBytes) {
        return;
      }
      List<Map.Entry<Path, Entry>> byAge = new ArrayList<>(index.entrySet());
      byAge.sort(Comparator.comparingLong(e -> e.getValue().lastUsed()));
      for (Map.Entry<Path, Entry> e : byAge) {
        if (total <= maxBytes) {
          break;
        }
        try {
          Files.deleteIfExists(e.getKey());
        } catch (IOException ignored) {
          // Still counted as gone: the next listing corrects it.
        }
        index.remove(e.getKey());
        total -= e.getValue().size();
      }
    }
  }

  private void cleanStaleTemporaries() {
    Instant cutoff = Instant.now().minus(Duration.ofHours(6));
    try (DirectoryStream<Path> s = Files.newDirectoryStream(root.resolve("tmp"))) {
      for (Path p : s) {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
            Files.deleteIfExists(p);
          }
        } catch (IOException ignored) {
          // In use or gone.
        }
      }
    } catch (IOException ignored) {
      // Nothing to clean.
    }
  }

  @Override
  public String toString() {
    return "LayerCache[" + root + ", max " + maxBytes + " bytes]";
  }
}
