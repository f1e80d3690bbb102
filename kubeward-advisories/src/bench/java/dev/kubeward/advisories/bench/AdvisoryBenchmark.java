package dev.kubeward.advisories.bench;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.MatchReport;
import dev.kubeward.advisories.VulnerabilityMatcher;
import dev.kubeward.advisories.internal.store.KwdbFile;
import dev.kubeward.advisories.internal.store.KwdbFormat;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Whole-process benchmark: import of all shared advisories, cold open in a fresh JVM, matching a 4,000-package SBOM
 * on a warm database, and the same key/value workload (the package index) on SQLite and H2's MVStore for the storage
 * choice. Prints a Markdown table; numbers go into README.md next to this file.
 */
public final class AdvisoryBenchmark {
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("--cold-open")) {
      coldOpen(Path.of(args[1]));
      return;
    }
    if (args.length == 5 && args[0].equals("--scan-share")) {
      ScanShareBenchmark.measure(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args[4]);
      return;
    }
    if (args.length == 2 && args[0].equals("--cold-match")) {
      coldMatch(Path.of(args[1]));
      return;
    }
    if (args.length == 4 && args[0].equals("--cold")) {
      coldCandidate(args[1], Path.of(args[2]), Path.of(args[3]));
      return;
    }
    Path shared = Path.of(args[0]).resolve("advisories");
    Path work = Files.createTempDirectory("kw-bench");
    Path db = work.resolve("db");
    List<Path> inputs = List.of(shared.resolve("osv"), shared.resolve("kev/known_exploited_vulnerabilities.json"),
        shared.resolve("formats/vunnel/epss/example-1.csv"), shared.resolve("formats/vunnel/nvd/full-page.json"));
    long t = System.nanoTime();
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC()).importFiles(inputs);
    double importMs = ms(t);
    t = System.nanoTime();
    new AdvisoryDatabaseUpdater(db, Duration.ofDays(7), Clock.systemUTC()).importFiles(inputs);
    double reimportMs = ms(t);
    Path file = db.resolve("advisories.kwdb");

    List<InstalledPackage> sbom = sbom(file, 4000);
    double[] match;
    int matches;
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher m = new VulnerabilityMatcher(d);
      Optional<OsRelease> os = Optional.of(new OsRelease(Ecosystem.ALMALINUX, "9.4", "", ""));
      t = System.nanoTime();
      MatchReport first = m.match(sbom, os);
      double firstMs = ms(t);
      for (int i = 0; i < 5; i++) {
        m.match(sbom, os);
      }
      t = System.nanoTime();
      int runs = 10;
      for (int i = 0; i < runs; i++) {
        m.match(sbom, os);
      }
      match = new double[] {firstMs, ms(t) / runs};
      matches = first.matches().size();
    }

    List<String> keys = keys(file);
    Path sqlite = work.resolve("bench.sqlite");
    Path h2 = work.resolve("bench.mv.db");
    t = System.nanoTime();
    buildSqlite(file, sqlite);
    double sqliteBuild = ms(t);
    t = System.nanoTime();
    buildMvStore(file, h2);
    double h2Build = ms(t);
    Files.write(work.resolve("keys.txt"), keys);

    System.out.println();
    System.out.println("| measurement | result |");
    System.out.println("|---|---|");
    System.out.printf("| import all shared advisories (21,286 OSV records, KEV, EPSS, NVD sample), first run | %.0f ms |%n", importMs);
    System.out.printf("| same import again (JIT warm, replaces the database) | %.0f ms |%n", reimportMs);
    System.out.printf("| database file size | %.1f MB |%n", Files.size(file) / 1e6);
    System.out.printf("| match %d packages, first call after the import (same JVM) | %.0f ms (%d matches) |%n",
        sbom.size(), match[0], matches);
    System.out.printf("| match %d packages, warm database and JVM, mean of 10 | %.0f ms |%n", sbom.size(), match[1]);
    List<double[]> cold = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String[] f = fork("--cold-match", db.toString()).trim().split(" ");
      cold.add(new double[] {Double.parseDouble(f[7]), Double.parseDouble(f[5])});
    }
    cold.sort(Comparator.comparingDouble(x -> x[0]));
    System.out.printf("| match %d packages, first match call in a fresh JVM, median of 3 processes | %.0f ms"
        + " (runs: %.0f, %.0f, %.0f ms; warm mean in those processes %.0f ms) |%n", sbom.size(), cold.get(1)[0],
        cold.get(0)[0], cold.get(1)[0], cold.get(2)[0], cold.get(1)[1]);
    System.out.println();
    System.out.println("Storage candidates, same package index (" + keys.size() + " keys), cold = fresh JVM: open + "
        + "look up 8,000 keys (4,000 hits, 4,000 misses), median of 3 processes:");
    System.out.println();
    System.out.println("| store | build | file size | cold open + 8,000 lookups |");
    System.out.println("|---|---|---|---|");
    Path keyFile = work.resolve("keys.txt");
    System.out.printf("| kwdb (mapped sorted tables, chosen) | (part of import) | %.1f MB | %s |%n", Files.size(file) / 1e6,
        cold("kwdb", file, keyFile));
    System.out.printf("| SQLite (sqlite-jdbc, key TEXT PRIMARY KEY) | %.0f ms | %.1f MB | %s |%n", sqliteBuild,
        Files.size(sqlite) / 1e6, cold("sqlite", sqlite, keyFile));
    System.out.printf("| H2 MVStore (MVMap<String, byte[]>) | %.0f ms | %.1f MB | %s |%n", h2Build,
        Files.size(h2) / 1e6, cold("h2", h2, keyFile));
    System.out.println();
    System.out.println("Cold open of the whole database through the public API (fresh JVM, open + status + one match):");
    System.out.println(cold("api", db, keyFile));
    System.out.println();
    System.out.println("Matching's share of an image scan (scan = load + decompress + walk + analyze with a fresh layer cache;"
        + " match = open database + match), median of 3 fresh JVMs:");
    System.out.println();
    System.out.println("| image | order | cold scan | cold match | share | warm scan | warm match | share |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    ScanShareBenchmark.rows(Path.of(args[0]), db, work).forEach(System.out::println);
    try (Stream<Path> w = Files.walk(work)) {
      w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A synthetic SBOM from the database's own package names, versions picked so some match and most do not. */
  static List<InstalledPackage> sbom(Path file, int n) throws IOException {
    List<String> keys = keys(file);
    Random r = new Random(42);
    List<InstalledPackage> out = new ArrayList<>();
    while (out.size() < n) {
      String k = keys.get(r.nextInt(keys.size()));
      String eco = k.substring(0, k.indexOf('\u0000'));
      String name = k.substring(k.indexOf('\u0000') + 1);
      Optional<Ecosystem> e = Ecosystem.fromOsvName(eco);
      if (e.isEmpty()) {
        continue;
      }
      String version = switch (e.get().versionScheme()) {
        case RPM -> r.nextBoolean() ? "1.0-1.el9" : "999.0-1.el9";
        case PEP440 -> r.nextBoolean() ? "0.1" : "999.0";
        default -> r.nextBoolean() ? "0.1.0" : "999.0.0";
      };
      out.add(new InstalledPackage(name, version, e.get(), "", "", "", List.of(), "", List.of()));
    }
    return out;
  }

  static List<String> keys(Path file) throws IOException {
    KwdbFile f = KwdbFile.open(file);
    KwdbFile.Table t = f.table(KwdbFormat.PACKAGES);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      keys.add(new String(t.key(i), StandardCharsets.UTF_8));
    }
    return keys;
  }

  static void buildSqlite(Path kwdb, Path out) throws Exception {
    KwdbFile.Table t = KwdbFile.open(kwdb).table(KwdbFormat.PACKAGES);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE packages (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO packages VALUES (?, ?)")) {
        for (int i = 0; i < t.size(); i++) {
          p.setString(1, new String(t.key(i), StandardCharsets.UTF_8));
          p.setBytes(2, t.value(i));
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    }
  }

  static void buildMvStore(Path kwdb, Path out) throws IOException {
    KwdbFile.Table t = KwdbFile.open(kwdb).table(KwdbFormat.PACKAGES);
    MVStore s = new MVStore.Builder().fileName(out.toString()).open();
    MVMap<String, byte[]> m = s.openMap("packages");
    for (int i = 0; i < t.size(); i++) {
      m.put(new String(t.key(i), StandardCharsets.UTF_8), t.value(i));
    }
    s.close();
  }

  static String cold(String kind, Path path, Path keyFile) throws Exception {
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), AdvisoryBenchmark.class.getName(),
          kind.equals("api") ? "--cold-open" : "--cold", kind.equals("api") ? path.toString() : kind,
          kind.equals("api") ? "" : path.toString(), keyFile.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(kind + " run failed: " + out);
      }
      runs.add(Double.parseDouble(out.substring(out.lastIndexOf(' ') + 1)));
    }
    runs.sort(null);
    return String.format("%.0f ms", runs.get(1));
  }

  /** Runs this class in a fresh JVM with the same class path and returns its standard output. */
  static String fork(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-cp", System.getProperty("java.class.path"), AdvisoryBenchmark.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  static void coldCandidate(String kind, Path path, Path keyFile) throws Exception {
    List<String> keys = Files.readAllLines(keyFile);
    long t = System.nanoTime();
    int found = 0;
    switch (kind) {
      case "kwdb" -> {
        KwdbFile.Table table = KwdbFile.open(path).table(KwdbFormat.PACKAGES);
        for (int i = 0; i < 4000; i++) {
          found += table.get(keys.get(i * 7 % keys.size()).getBytes(StandardCharsets.UTF_8)) != null ? 1 : 0;
          found += table.get(("npm\u0000missing-" + i).getBytes(StandardCharsets.UTF_8)) != null ? 1 : 0;
        }
      }
      case "sqlite" -> {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
            PreparedStatement p = c.prepareStatement("SELECT value FROM packages WHERE key = ?")) {
          for (int i = 0; i < 8000; i++) {
            p.setString(1, i % 2 == 0 ? keys.get(i / 2 * 7 % keys.size()) : "npm\u0000missing-" + i);
            try (ResultSet rs = p.executeQuery()) {
              found += rs.next() && rs.getBytes(1) != null ? 1 : 0;
            }
          }
        }
      }
      default -> {
        MVStore s = new MVStore.Builder().fileName(path.toString()).readOnly().open();
        MVMap<String, byte[]> m = s.openMap("packages");
        for (int i = 0; i < 8000; i++) {
          found += m.get(i % 2 == 0 ? keys.get(i / 2 * 7 % keys.size()) : "npm\u0000missing-" + i) != null ? 1 : 0;
        }
        s.close();
      }
    }
    System.out.println("found " + found + " ms " + ms(t));
  }

  static void coldOpen(Path db) throws Exception {
    long t = System.nanoTime();
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      d.status(Duration.ofDays(7), Clock.systemUTC());
      new VulnerabilityMatcher(d).match(List.of(new InstalledPackage("stdlib", "1.15.2", Ecosystem.GO, "", "", "",
          List.of(), "", List.of())), Optional.empty());
    }
    System.out.println("ms " + ms(t));
  }

  /**
   * A fresh JVM that opens the database and matches the synthetic SBOM: the first call pays for class loading, JIT
   * and every first-time initialisation, as a CLI scan does; then the warm mean of 10 calls in the same process.
   */
  static void coldMatch(Path db) throws Exception {
    long start = System.nanoTime();
    List<InstalledPackage> sbom = sbom(db.resolve("advisories.kwdb"), 4000);
    Optional<OsRelease> os = Optional.of(new OsRelease(Ecosystem.ALMALINUX, "9.4", "", ""));
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher m = new VulnerabilityMatcher(d);
      long t = System.nanoTime();
      int matches = m.match(sbom, os).matches().size();
      double first = ms(t);
      double total = ms(start);
      for (int i = 0; i < 5; i++) {
        m.match(sbom, os);
      }
      t = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        m.match(sbom, os);
      }
      System.out.printf("matches %d total %.0f warm %.0f first %.0f%n", matches, total, ms(t) / 10, first);
    }
  }

  static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
