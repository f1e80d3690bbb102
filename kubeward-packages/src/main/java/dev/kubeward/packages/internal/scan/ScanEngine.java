package dev.kubeward.packages.internal.scan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.image.Image;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.Layer;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerLimits;
import dev.kubeward.image.LayerOverlay;
import dev.kubeward.image.LayerReader;
import dev.kubeward.image.LayerStats;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.model.ProgressListener;
import dev.kubeward.packages.Analyzers;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.ScanReport;
import dev.kubeward.packages.internal.os.OsPackages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the analyzers over an image layer by layer (each layer's findings cached under the analyzers' fingerprint),
 * stacks the findings as the layers stack, and attributes every surviving package to the layer that brought it.
 */
public final class ScanEngine {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Set<String> HOST_PSEUDO_FILESYSTEMS = Set.of("proc", "sys", "dev", "run");

  private final Analyzers analyzers;
  private final LayerCache cache;
  private final LayerReader reader;
  private final ProgressListener progress;
  private final int parallelism;

  public ScanEngine(Analyzers analyzers, LayerCache cache, LayerLimits limits, ProgressListener progress, int parallelism) {
    this.analyzers = analyzers;
    this.cache = cache;
    this.reader = new LayerReader(limits);
    this.progress = progress;
    this.parallelism = Math.max(1, parallelism);
  }

  /** Scans an opened image. */
  public ScanReport scanImage(Image image) {
    List<Layer> layers = image.layers();
    List<LayerFindings> findings = new ArrayList<>();
    List<ScanReport.ScannedLayer> scanned = new ArrayList<>();
    String namespace = "packages-" + analyzers.fingerprint();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, layers.size())), r -> {
      Thread t = new Thread(r, "kubeward-layer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<LayerOutcome>> futures = new ArrayList<>();
      for (Layer layer : layers) {
        futures.add(pool.submit(() -> {
          LayerOutcome r = analyzeLayer(image, layer, namespace);
          progress.progress("layers of " + image.name(), done.incrementAndGet(), layers.size());
          return r;
        }));
      }
      for (int i = 0; i < layers.size(); i++) {
        LayerOutcome r = get(futures.get(i));
        findings.add(r.findings());
        boolean cached = r.fromCache();
        LayerFindings f = r.findings();
        scanned.add(new ScanReport.ScannedLayer(layers.get(i), cached, cached ? 0 : f.uncompressedBytes(),
            cached ? 0 : f.entries()));
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> layerDigests = layers.stream().map(Layer::digest).toList();
    Merged merged = merge(findings, layerDigests);
    return new ScanReport(new ScanReport.Target(ScanReport.Target.Kind.IMAGE, image.name()),
        new ScanReport.ScannedImage(image.manifestDigest(), image.configDigest(), image.platform().toString(), scanned),
        merged.os, merged.packages, merged.warnings, analyzerNames());
  }

  /** One layer's findings and whether they came from the cache. */
  private record LayerOutcome(LayerFindings findings, boolean fromCache) {}

  private static LayerOutcome get(Future<LayerOutcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  private LayerOutcome analyzeLayer(Image image, Layer layer, String namespace) throws IOException {
    String key = layer.digest();
    var cached = cache.result(namespace, key);
    if (cached.isPresent()) {
      try {
        return new LayerOutcome(JSON.readValue(cached.get(), LayerFindings.class), true);
      } catch (IOException | RuntimeException e) {
        // A damaged or outdated entry is recomputed below.
      }
    }
    FileDispatcher dispatcher = new FileDispatcher(analyzers, cache, " (layer " + layer.digest() + ")");
    LayerStats stats;
    try (InputStream in = image.openLayer(layer)) {
      stats = reader.read(image.name(), layer.digest(), in, "", dispatcher);
    } catch (UncheckedIOException e) {
      throw new ImageException(ImageException.Kind.UNAVAILABLE, image.name(), layer.digest(),
          "could not analyze the layer: " + e.getMessage(), e);
    }
    LayerFindings f = dispatcher.findings(stats.uncompressedBytes(), stats.entries());
    try {
      cache.putResult(namespace, key, JSON.writeValueAsBytes(f));
    } catch (IOException e) {
      // The scan still has its result; only the next one pays again.
    }
    return new LayerOutcome(f, false);
  }

  /** Scans a folder: an unpacked application ({@code FILESYSTEM}) or a node's host root ({@code ROOTFS}). */
  public ScanReport scanDirectory(Path root, ScanReport.Target.Kind kind) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    FileDispatcher dispatcher = new FileDispatcher(analyzers, cache, "");
    long[] count = new long[1];
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (kind == ScanReport.Target.Kind.ROOTFS && dir.getParent() != null && dir.getParent().equals(base)
            && HOST_PSEUDO_FILESYSTEMS.contains(dir.getFileName().toString())) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        count[0]++;
        String rel = relative(base, file);
        if (attrs.isSymbolicLink()) {
          dispatcher.symlink(rel, Files.readSymbolicLink(file).toString());
        } else if (attrs.isRegularFile()) {
          dispatcher.file(CandidateFile.of(rel, attrs.size(), Files.isExecutable(file)), file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        dispatcher.warning("cannot read " + relative(base, file) + ": " + exc.getClass().getSimpleName());
        return FileVisitResult.CONTINUE;
      }
    });
    LayerFindings f = dispatcher.findings(0, count[0]);
    Merged merged = merge(List.of(f), List.of(""));
    return new ScanReport(new ScanReport.Target(kind, root.toString()), null, merged.os, merged.packages,
        merged.warnings, analyzerNames());
  }

  private static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace('\\', '/');
  }

  private List<String> analyzerNames() {
    return analyzers.list().stream().map(a -> a.name() + "@" + a.version()).toList();
  }

  private record Merged(OsRelease os, List<InstalledPackage> packages, List<String> warnings) {}

  private record Key(String ecosystem, String name, String version, String purl) {
    static Key of(InstalledPackage p) {
      return new Key(p.ecosystem().name(), p.name(), p.version(), p.purl());
    }
  }

  static Merged merge(List<LayerFindings> layers, List<String> layerDigests) {
    LayerOverlay<FileFindings> overlay = new LayerOverlay<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      LayerFindings f = layers.get(i);
      overlay.apply(i, new LayerOverlay.Changes<>(f.files(), f.whiteouts(), f.opaqueDirectories(), f.symlinks()));
      warnings.addAll(f.warnings());
    }
    // Links analyzers care about must resolve inside the image; a loop is reported, never followed forever.
    Set<String> links = new TreeSet<>();
    layers.forEach(f -> links.addAll(f.symlinks().keySet()));
    for (String link : links) {
      if (overlay.isSymlink(link) && overlay.resolve(link) == null) {
        warnings.add("symbolic link loop (or a chain of more than 40 links) at " + link + "; not followed");
      }
    }
    OsRelease os = null;
    int best = -1;
    for (Map.Entry<String, List<LayerOverlay.Version<FileFindings>>> e : overlay.files().entrySet()) {
      FileFindings last = e.getValue().get(e.getValue().size() - 1).payload();
      if (last.os() != null && last.osPriority() > best) {
        os = last.os();
        best = last.osPriority();
      }
    }
    Map<Key, InstalledPackage> byKey = new LinkedHashMap<>();
    Map<Key, Integer> introducedAt = new LinkedHashMap<>();
    Map<Key, Set<String>> locations = new LinkedHashMap<>();
    for (Map.Entry<String, List<LayerOverlay.Version<FileFindings>>> e : overlay.files().entrySet()) {
      List<LayerOverlay.Version<FileFindings>> versions = e.getValue();
      LayerOverlay.Version<FileFindings> last = versions.get(versions.size() - 1);
      List<Set<Key>> earlier = new ArrayList<>();
      for (LayerOverlay.Version<FileFindings> v : versions) {
        Set<Key> keys = new HashSet<>();
        v.payload().packages().forEach(p -> keys.add(Key.of(p)));
        earlier.add(keys);
      }
      for (InstalledPackage p : last.payload().packages()) {
        Key k = Key.of(p);
        int layer = last.layerIndex();
        for (int j = versions.size() - 2; j >= 0 && earlier.get(j).contains(k); j--) {
          layer = versions.get(j).layerIndex();
        }
        byKey.putIfAbsent(k, p);
        introducedAt.merge(k, layer, Math::min);
        locations.computeIfAbsent(k, x -> new TreeSet<>()).add(e.getKey());
        locations.get(k).addAll(p.locations());
      }
    }
    List<InstalledPackage> packages = new ArrayList<>();
    for (Map.Entry<Key, InstalledPackage> e : byKey.entrySet()) {
      InstalledPackage p = e.getValue();
      String digest = layerDigests.get(introducedAt.get(e.getKey()));
      InstalledPackage placed = new InstalledPackage(p.name(), p.version(), p.ecosystem(), p.purl(), p.sourceName(),
          p.sourceVersion(), List.copyOf(locations.get(e.getKey())), digest, p.licenses());
      packages.add(OsPackages.forOs(placed, os));
    }
    packages.sort(Comparator.comparing((InstalledPackage p) -> p.ecosystem().name())
        .thenComparing(InstalledPackage::name).thenComparing(InstalledPackage::version)
        .thenComparing(InstalledPackage::purl));
    // The same package may now be listed twice (e.g. a jar found by two analyzers with equal purls): keep one.
    List<InstalledPackage> unique = new ArrayList<>();
    for (InstalledPackage p : packages) {
      if (!unique.isEmpty() && Key.of(unique.get(unique.size() - 1)).equals(Key.of(p))) {
        continue;
      }
      unique.add(p);
    }
    return new Merged(os, unique, warnings);
  }
}
