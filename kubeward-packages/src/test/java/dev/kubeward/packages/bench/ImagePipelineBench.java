package dev.kubeward.packages.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeward.image.Image;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Whole-pipeline benchmark on synthetic images (not a unit test; run by {@code bench/image-pipeline/run.sh}).
 *
 * <p>Scenarios, chosen by the first argument:
 * <ul>
 *   <li>{@code throughput DIR GB}: the JDK's raw gzip decompression of the layers into a null sink, side by side with
 *       the full pipeline (digest check, gunzip, tar walk, every analyzer), alternating, three rounds each;</li>
 *   <li>{@code manyfiles DIR MILLIONS}: one layer of that many small files;</li>
 *   <li>{@code bigimage DIR GB}: a multi-layer image of that total size, reporting the peak heap;</li>
 *   <li>{@code cache DIR}: two images sharing their base layers; the second scan reads only its own layer.</li>
 * </ul>
 */
public final class ImagePipelineBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] WORDS = ("lib usr share doc bin sbin etc config value name version package install "
      + "kernel module python node java main start stop error warning info debug return struct static const void int "
      + "char long double float true false null this that with from import export class public private protected "
      + "0x7f 0x00 0xff ELF GLIBC_2.2.5 GCC_3.0 libc.so.6 _start __libc_start_main").split(" ");

  private ImagePipelineBench() {}

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "throughput";
    Path dir = Path.of(args.length > 1 ? args[1] : "target/bench");
    double size = args.length > 2 ? Double.parseDouble(args[2]) : 1;
    Files.createDirectories(dir);
    switch (scenario) {
      case "throughput" -> throughput(dir, size);
      case "manyfiles" -> manyFiles(dir, size);
      case "bigimage" -> bigImage(dir, size);
      case "cache" -> sharedLayers(dir);
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  // ---- scenarios

  static void throughput(Path dir, double gb) throws Exception {
    Path layout = dir.resolve("throughput-" + gb);
    List<Path> layers = ensureImage(layout, (long) (gb * (1L << 30)), 4, 0);
    long uncompressed = 0;
    for (Path l : layers) {
      uncompressed += rawGunzip(l);
    }
    System.out.printf(Locale.ROOT, "image: %d layers, %.2f GB compressed, %.2f GB uncompressed%n", layers.size(),
        layers.stream().mapToLong(ImagePipelineBench::size).sum() / 1e9, uncompressed / 1e9);
    double bestRaw = 0;
    double bestPipeline = 0;
    for (int round = 1; round <= 3; round++) {
      long t0 = System.nanoTime();
      for (Path l : layers) {
        rawGunzip(l);
      }
      double raw = uncompressed / 1e6 / ((System.nanoTime() - t0) / 1e9);
      Path cacheDir = Files.createTempDirectory(dir, "cache");
      long t1 = System.nanoTime();
      ScanReport r = scan(layout, cacheDir, 1);
      double pipeline = uncompressed / 1e6 / ((System.nanoTime() - t1) / 1e9);
      deleteTree(cacheDir);
      System.out.printf(Locale.ROOT, "round %d: raw JDK gunzip %.0f MB/s, full pipeline %.0f MB/s (%.0f%%), %d packages%n",
          round, raw, pipeline, 100 * pipeline / raw, r.packages().size());
      bestRaw = Math.max(bestRaw, raw);
      bestPipeline = Math.max(bestPipeline, pipeline);
    }
    System.out.printf(Locale.ROOT, "best: raw %.0f MB/s, pipeline %.0f MB/s = %.0f%% of raw%n", bestRaw, bestPipeline,
        100 * bestPipeline / bestRaw);
  }

  static void manyFiles(Path dir, double millions) throws Exception {
    Path layout = dir.resolve("manyfiles-" + millions);
    long files = (long) (millions * 1_000_000);
    if (!Files.exists(layout.resolve("index.json"))) {
      long t = System.nanoTime();
      Path layer = dir.resolve("manyfiles.layer");
      MessageDigest diff = sha256();
      try (TarArchiveOutputStream tar = tarTo(layer, diff)) {
        byte[] content = "small file content\n".getBytes(StandardCharsets.UTF_8);
        for (long i = 0; i < files; i++) {
          TarArchiveEntry e = new TarArchiveEntry(String.format(Locale.ROOT, "data/d%04d/f%07d.txt", i / 1000, i));
          e.setSize(content.length);
          tar.putArchiveEntry(e);
          tar.write(content);
          tar.closeArchiveEntry();
        }
        addInterestFiles(tar, 0);
      }
      writeLayout(layout, List.of(layer), List.of("sha256:" + HexFormat.of().formatHex(diff.digest())));
      System.out.printf(Locale.ROOT, "generated %d files in %.1f s%n", files, (System.nanoTime() - t) / 1e9);
    }
    Path cacheDir = Files.createTempDirectory(dir, "cache");
    long t = System.nanoTime();
    ScanReport r = scan(layout, cacheDir, 1);
    double s = (System.nanoTime() - t) / 1e9;
    deleteTree(cacheDir);
    System.out.printf(Locale.ROOT, "scanned a layer of %d entries in %.1f s (max heap %d MB, peak heap used %d MB), %d packages%n",
        r.image().layers().get(0).entries(), s, Runtime.getRuntime().maxMemory() >> 20, peakHeapMb(), r.packages().size());
  }

  static void bigImage(Path dir, double gb) throws Exception {
    Path layout = dir.resolve("bigimage-" + gb);
    ensureImage(layout, (long) (gb * (1L << 30)), 6, 1);
    Path cacheDir = Files.createTempDirectory(dir, "cache");
    long t = System.nanoTime();
    ScanReport r = scan(layout, cacheDir, 2);
    double s = (System.nanoTime() - t) / 1e9;
    long bytes = r.image().layers().stream().mapToLong(ScanReport.ScannedLayer::uncompressedBytes).sum();
    deleteTree(cacheDir);
    System.out.printf(Locale.ROOT, "scanned %.2f GB in %d layers in %.1f s (%.0f MB/s); max heap %d MB, peak heap used %d MB; %d packages%n",
        bytes / 1e9, r.image().layers().size(), s, bytes / 1e6 / s, Runtime.getRuntime().maxMemory() >> 20,
        peakHeapMb(), r.packages().size());
  }

  static void sharedLayers(Path dir) throws Exception {
    Path base = dir.resolve("shared-a");
    List<Path> layersA = ensureImage(base, 600L << 20, 3, 2);
    // Image B: A's layers plus one small layer of its own.
    Path layoutB = dir.resolve("shared-b");
    if (!Files.exists(layoutB.resolve("index.json"))) {
      Path extra = dir.resolve("shared-b-extra.layer");
      MessageDigest diff = sha256();
      try (TarArchiveOutputStream tar = tarTo(extra, diff)) {
        fill(tar, 20L << 20, new Random(99), "app");
      }
      List<Path> all = new ArrayList<>(layersA);
      all.add(extra);
      List<String> diffIds = new ArrayList<>(diffIds(base));
      diffIds.add("sha256:" + HexFormat.of().formatHex(diff.digest()));
      writeLayout(layoutB, all, diffIds);
    }
    Path cacheDir = Files.createTempDirectory(dir, "cache");
    long t0 = System.nanoTime();
    ScanReport a = scan(base, cacheDir, 2);
    double sa = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    ScanReport b = scan(layoutB, cacheDir, 2);
    double sb = (System.nanoTime() - t1) / 1e9;
    deleteTree(cacheDir);
    report("first image (cold cache)", a, sa);
    report("second image sharing 3 layers", b, sb);
  }

  private static void report(String what, ScanReport r, double seconds) {
    long read = r.image().layers().stream().filter(l -> !l.fromCache()).count();
    long bytes = r.image().layers().stream().mapToLong(ScanReport.ScannedLayer::uncompressedBytes).sum();
    System.out.printf(Locale.ROOT, "%s: %.2f s, layers read %d of %d (%.0f MB uncompressed), from cache %d, %d packages%n",
        what, seconds, read, r.image().layers().size(), bytes / 1e6, r.image().layers().size() - read, r.packages().size());
  }

  // ---- helpers

  private static ScanReport scan(Path layout, Path cacheDir, int parallelism) {
    LayerCache cache = new LayerCache(cacheDir, 1L << 40);
    try (Image image = new ImageLoader(ImageOptions.defaults(cache)).open("oci:" + layout)) {
      return new PackageScanner(dev.kubeward.packages.Analyzers.discover(), cache,
          dev.kubeward.image.LayerLimits.DEFAULT, dev.kubeward.model.ProgressListener.NONE, parallelism).scan(image);
    }
  }

  private static long rawGunzip(Path layer) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layer), 1 << 16)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** Generates (once) an OCI layout whose layers add up to about {@code bytes} uncompressed. */
  private static List<Path> ensureImage(Path layout, long bytes, int layers, long seed) throws IOException {
    Path list = layout.resolve("layers.txt");
    if (Files.exists(list)) {
      return Files.readAllLines(list).stream().map(Path::of).toList();
    }
    Files.createDirectories(layout);
    long t = System.nanoTime();
    List<Path> files = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      Path layer = layout.resolve("layer-" + i + ".tmp");
      MessageDigest diff = sha256();
      try (TarArchiveOutputStream tar = tarTo(layer, diff)) {
        if (i == 0) {
          addInterestFiles(tar, i);
        }
        fill(tar, bytes / layers, new Random(seed * 100 + i), "layer" + i);
      }
      files.add(layer);
      diffIds.add("sha256:" + HexFormat.of().formatHex(diff.digest()));
    }
    List<Path> blobs = writeLayout(layout, files, diffIds);
    Files.write(list, blobs.stream().map(Path::toString).toList());
    Files.write(layout.resolve("diffids.txt"), diffIds);
    System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", layout, (System.nanoTime() - t) / 1e9);
    return blobs;
  }

  private static List<String> diffIds(Path layout) throws IOException {
    return Files.readAllLines(layout.resolve("diffids.txt"));
  }

  private static TarArchiveOutputStream tarTo(Path file, MessageDigest diffId) throws IOException {
    OutputStream gz = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
    TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(new BufferedOutputStream(gz, 1 << 16), diffId));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  /** Text-like files from 1 KB to 4 MB: they compress about 3–4×, like real layers. */
  private static void fill(TarArchiveOutputStream tar, long bytes, Random random, String prefix) throws IOException {
    long written = 0;
    int n = 0;
    byte[] buf = new byte[(4 << 20) + 1024];
    while (written < bytes) {
      int size = (int) Math.min(bytes - written, 1024 + (long) (Math.pow(random.nextDouble(), 3) * (4 << 20)));
      int filled = 0;
      while (filled < size) {
        byte[] w = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < w.length && filled < size; k++) {
          buf[filled++] = w[k];
        }
        if (filled < size) {
          buf[filled++] = (byte) (random.nextInt(8) == 0 ? '\n' : random.nextInt(256));
        }
      }
      TarArchiveEntry e = new TarArchiveEntry(prefix + "/d" + (n / 500) + "/file" + n + (n % 7 == 0 ? "" : ".dat"));
      e.setSize(size);
      e.setMode(n % 7 == 0 ? 0100755 : 0100644);
      tar.putArchiveEntry(e);
      tar.write(buf, 0, size);
      tar.closeArchiveEntry();
      written += size;
      n++;
    }
  }

  private static void addInterestFiles(TarArchiveOutputStream tar, int layer) throws IOException {
    StringBuilder status = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      status.append("Package: pkg").append(i).append("\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.")
          .append(i).append("-1\n\n");
    }
    put(tar, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
    put(tar, "var/lib/dpkg/status", status.toString());
    for (int i = 0; i < 200; i++) {
      put(tar, "app/node_modules/mod" + i + "/package.json", "{\"name\":\"mod" + i + "\",\"version\":\"1.0." + i + "\"}");
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(b.length);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }

  /** Moves layer files into an OCI layout (by digest) and writes config, manifest and index. */
  private static List<Path> writeLayout(Path layout, List<Path> layers, List<String> diffIds) throws IOException {
    Path blobs = layout.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ArrayNode layerNodes = JSON.createArrayNode();
    List<Path> placed = new ArrayList<>();
    for (Path l : layers) {
      String hex = HexFormat.of().formatHex(hashFile(l));
      Path target = blobs.resolve(hex);
      if (!Files.exists(target)) {
        if (l.startsWith(layout)) {
          Files.move(l, target);
        } else {
          Files.createLink(target, l.toRealPath());
        }
      }
      placed.add(target);
      ObjectNode n = layerNodes.addObject();
      n.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
      n.put("digest", "sha256:" + hex);
      n.put("size", Files.size(target));
    }
    ObjectNode config = JSON.createObjectNode();
    config.put("os", "linux");
    config.put("architecture", "amd64");
    ArrayNode d = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    diffIds.forEach(d::add);
    String configDigest = blob(blobs, JSON.writeValueAsBytes(config));
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("digest", configDigest)
        .put("size", JSON.writeValueAsBytes(config).length);
    manifest.set("layers", layerNodes);
    byte[] mb = JSON.writeValueAsBytes(manifest);
    String md = blob(blobs, mb);
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
        .put("digest", md).put("size", mb.length);
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    return placed;
  }

  private static String blob(Path blobs, byte[] data) throws IOException {
    String hex = HexFormat.of().formatHex(sha256().digest(data));
    Files.write(blobs.resolve(hex), data);
    return "sha256:" + hex;
  }

  private static byte[] hashFile(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
