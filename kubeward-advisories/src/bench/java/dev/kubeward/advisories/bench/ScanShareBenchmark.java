package dev.kubeward.advisories.bench;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.advisories.MatchReport;
import dev.kubeward.advisories.VulnerabilityMatcher;
import dev.kubeward.image.Image;
import dev.kubeward.image.ImageLoader;
import dev.kubeward.image.ImageOptions;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerLimits;
import dev.kubeward.model.ProgressListener;
import dev.kubeward.packages.Analyzers;
import dev.kubeward.packages.PackageScanner;
import dev.kubeward.packages.ScanReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Matching's share of an image scan, as {@code kubeward scan image} does both: the image is read with the real
 * {@code ImageLoader} + {@code PackageScanner} (fresh layer cache, so every layer is decompressed and walked), then
 * the database is opened and the packages matched. Each image is measured in a fresh JVM (what a CLI run pays) and
 * again warm in the same process (what a server pays). Each row is the median of three processes by share.
 *
 * <p>Images: the real alpine 3.10 {@code docker save} archive from the shared data, and a generated one built on its
 * layer: an application layer with the real Go and Rust test binaries and Rust/Python lockfiles from the shared
 * package data (the ecosystems the shared advisories cover) plus ~120 MB of text-like application files, gzipped.
 */
public final class ScanShareBenchmark {
  private ScanShareBenchmark() {}

  /**
   * {@code --scan-share IMAGE DB WORK MODE}: one fresh-JVM measurement, printed as one line. Mode {@code after}: the
   * database is opened and matched after the scan (the order before the CLI warmed up); {@code cli}: as
   * {@code kubeward scan image} does it now — the database opened before the scan and the matcher warmed up on a
   * background thread during it (its CPU time is reported too), then the match.
   */
  static void measure(Path archive, Path db, Path work, String mode) throws Exception {
    boolean cli = mode.equals("cli");
    Result cold = cli ? onceLikeCli(archive, db, Files.createTempDirectory(work, "cache"))
        : once(archive, db, Files.createTempDirectory(work, "cache"));
    // Warm: what a long-running server pays once it has scanned a few images; medians of the last five of ten.
    List<Result> warm = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Result r = once(archive, db, Files.createTempDirectory(work, "cache"));
      if (i >= 5) {
        warm.add(r);
      }
    }
    double warmScan = warm.stream().mapToDouble(Result::scanMs).sorted().toArray()[2];
    double warmMatch = warm.stream().mapToDouble(Result::matchMs).sorted().toArray()[2];
    System.out.printf("packages %d matches %d undetermined %d coldScan %.0f coldMatch %.0f warmScan %.1f warmMatch %.1f"
        + " warmUpCpu %.0f%n", cold.packages, cold.matches, cold.undetermined, cold.scanMs, cold.matchMs, warmScan,
        warmMatch, cold.warmUpCpuMs);
  }

  private record Result(int packages, int matches, int undetermined, double scanMs, double matchMs,
      double warmUpCpuMs) {}

  /** The CLI's order: open, warm up in the background, scan, match; match time excludes the open (as in the CLI). */
  private static Result onceLikeCli(Path archive, Path db, Path cacheDir) throws Exception {
    long t = System.nanoTime();
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher matcher = new VulnerabilityMatcher(d);
      long[] warmUpCpu = {0};
      Thread warm = new Thread(() -> {
        matcher.warmUp();
        warmUpCpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      }, "warm-up");
      warm.setDaemon(true);
      warm.setPriority(Thread.MIN_PRIORITY);
      warm.start();
      ScanReport report = scan(archive, cacheDir);
      double scanMs = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      MatchReport r = matcher.match(report.packages(), Optional.ofNullable(report.os()));
      double matchMs = (System.nanoTime() - t) / 1e6;
      warm.join();
      deleteTree(cacheDir);
      return new Result(report.packages().size(), r.matches().size(), r.undetermined().size(), scanMs, matchMs,
          warmUpCpu[0] / 1e6);
    }
  }

  private static ScanReport scan(Path archive, Path cacheDir) throws Exception {
    LayerCache cache = new LayerCache(cacheDir, 8L << 30);
    try (Image image = new ImageLoader(ImageOptions.defaults(cache)).open("docker-archive:" + archive)) {
      return new PackageScanner(Analyzers.discover(), cache, LayerLimits.DEFAULT, ProgressListener.NONE, 2)
          .scan(image);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> w = Files.walk(dir)) {
      w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Result once(Path archive, Path db, Path cacheDir) throws Exception {
    long t = System.nanoTime();
    ScanReport report = scan(archive, cacheDir);
    double scanMs = (System.nanoTime() - t) / 1e6;
    t = System.nanoTime();
    MatchReport r;
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      r = new VulnerabilityMatcher(d).match(report.packages(), Optional.ofNullable(report.os()));
    }
    double matchMs = (System.nanoTime() - t) / 1e6;
    deleteTree(cacheDir);
    return new Result(report.packages().size(), r.matches().size(), r.undetermined().size(), scanMs, matchMs, 0);
  }

  /** Builds the generated image as a docker archive: alpine's layer plus an application layer. */
  static Path buildImage(Path shared, Path out) throws Exception {
    Path alpine = shared.resolve("images/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
    byte[] baseLayer = null;
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(alpine)))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().endsWith("layer.tar")) {
          baseLayer = in.readAllBytes();
        }
      }
    }
    if (baseLayer == null) {
      throw new IOException("no layer in " + alpine);
    }
    Path appLayer = out.resolveSibling("app-layer.tar.gz");
    String appDiffId = writeAppLayer(shared.resolve("pkgdb/trivy/pkg/dependency/parser"), appLayer);
    String baseDiffId = sha256(baseLayer);
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[\"sha256:" + baseDiffId + "\",\"sha256:" + appDiffId + "\"]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    String configName = sha256(configBytes) + ".json";
    String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"kw-bench/app:1\"],\"Layers\":[\"base/layer.tar\","
        + "\"app/layer.tar.gz\"]}]";
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      add(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8), 0644);
      add(tar, configName, configBytes, 0644);
      add(tar, "base/layer.tar", baseLayer, 0644);
      TarArchiveEntry e = new TarArchiveEntry("app/layer.tar.gz");
      e.setSize(Files.size(appLayer));
      tar.putArchiveEntry(e);
      try (InputStream in = Files.newInputStream(appLayer)) {
        in.transferTo(tar);
      }
      tar.closeArchiveEntry();
    }
    Files.delete(appLayer);
    return out;
  }

  /** The application layer; returns its diff_id (digest of the uncompressed tar). */
  private static String writeAppLayer(Path parser, Path out) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (OutputStream file = Files.newOutputStream(out);
        GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16);
        DigestOutputStream digest = new DigestOutputStream(gz, sha);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(digest)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      String[][] files = {
          {"golang/binary/testdata/test.elf", "usr/local/bin/api-server", "755"},
          {"golang/binary/testdata/goexperiment", "usr/local/bin/worker", "755"},
          {"golang/binary/testdata/main-version-via-ldflags.elf", "usr/local/bin/cli", "755"},
          {"rust/binary/testdata/test.elf", "usr/local/bin/indexer", "755"},
          {"rust/cargo/testdata/cargo_normal.lock", "srv/indexer/Cargo.lock", "644"},
          {"rust/cargo/testdata/cargo_v3.lock", "srv/parser/Cargo.lock", "644"},
          {"python/pip/testdata/requirements_flask.txt", "srv/web/requirements.txt", "644"},
          {"python/pipenv/testdata/Pipfile_many.lock", "srv/jobs/Pipfile.lock", "644"},
          {"python/poetry/testdata/poetry_v2_flask.lock", "srv/api/poetry.lock", "644"},
          {"python/uv/testdata/uv_normal.lock", "srv/ml/uv.lock", "644"}};
      for (String[] f : files) {
        add(tar, f[1], Files.readAllBytes(parser.resolve(f[0])), Integer.parseInt(f[2], 8));
      }
      // Application files: sources, assets and docs as text-like content (compresses about 3x with gzip).
      Random r = new Random(1);
      String[] words = "the of and request response handler config value user session token error retry cache index"
          .split(" ");
      long total = 0;
      for (int i = 0; total < 120_000_000L; i++) {
        int size = 2_000 + r.nextInt(60_000);
        ByteArrayOutputStream b = new ByteArrayOutputStream(size + 16);
        while (b.size() < size) {
          b.writeBytes(words[r.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII));
          b.write(r.nextInt(12) == 0 ? '\n' : ' ');
          if (r.nextInt(40) == 0) {
            b.writeBytes(Integer.toHexString(r.nextInt()).getBytes(StandardCharsets.US_ASCII));
          }
        }
        add(tar, "srv/app/module" + (i / 100) + "/file" + i + ".txt", b.toByteArray(), 0644);
        total += b.size();
      }
      tar.finish();
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    e.setMode(mode);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Runs {@link #measure} in three fresh JVMs per image and returns Markdown rows. */
  /**
   * One row per image and mode; the modes alternate process by process, so both see the same machine. Each row is
   * the median of three processes by cold share.
   */
  static List<String> rows(Path shared, Path db, Path work) throws Exception {
    Path generated = buildImage(shared, work.resolve("kw-bench-app.tar"));
    List<String> rows = new ArrayList<>();
    for (Path image : List.of(shared.resolve("images/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz"), generated)) {
      Map<String, List<double[]>> runs = new LinkedHashMap<>();
      String counts = "";
      for (int i = 0; i < 3; i++) {
        for (String mode : List.of("after", "cli")) {
          String out = AdvisoryBenchmark.fork("--scan-share", image.toString(), db.toString(), work.toString(), mode);
          String[] f = out.trim().split(" ");
          counts = f[1] + " packages, " + f[3] + " matches, " + f[5] + " undetermined";
          runs.computeIfAbsent(mode, m -> new ArrayList<>()).add(new double[] {Double.parseDouble(f[7]),
              Double.parseDouble(f[9]), Double.parseDouble(f[11]), Double.parseDouble(f[13]),
              Double.parseDouble(f[15])});
        }
      }
      for (Map.Entry<String, List<double[]>> e : runs.entrySet()) {
        List<double[]> list = e.getValue();
        list.sort(Comparator.comparingDouble(x -> x[1] / x[0]));
        double[] m = list.get(1);
        String label = e.getKey().equals("cli") ? "open first, warm-up during the scan (CLI now; warm-up CPU "
            + String.format("%.0f ms", m[4]) + ")" : "open and match after the scan (before)";
        rows.add(String.format("| %s (%.1f MB; %s) | %s | %.0f ms | %.0f ms | %.1f %% | %.0f ms | %.1f ms | %.1f %% |",
            image.getFileName(), Files.size(image) / 1e6, counts, label, m[0], m[1], 100 * m[1] / (m[0] + m[1]),
            m[2], m[3], 100 * m[3] / (m[2] + m[3])));
      }
    }
    return rows;
  }
}
