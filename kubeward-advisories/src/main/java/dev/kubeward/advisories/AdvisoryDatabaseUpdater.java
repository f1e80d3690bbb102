package dev.kubeward.advisories;

import dev.kubeward.advisories.internal.build.BuildInput;
import dev.kubeward.advisories.internal.build.DatabaseFolder;
import dev.kubeward.advisories.internal.build.HttpFetcher;
import dev.kubeward.advisories.internal.build.LocalSourceFile;
import dev.kubeward.advisories.internal.build.OfflineBundleFormat;
import dev.kubeward.advisories.internal.build.Rebuild;
import dev.kubeward.advisories.internal.build.SourceRegistry;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.StoredSource;
import dev.kubeward.model.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Changes the database in a folder: {@link #update} downloads from the publishers or a mirror, {@link #importFiles}
 * loads files for air-gapped sites, {@link #writeBundle} writes an offline bundle. Every change builds a complete new
 * database next to the old one and swaps it in atomically; on any failure the previous database stays as it was.
 */
public final class AdvisoryDatabaseUpdater {
  private final DatabaseFolder folder;
  private final SourceRegistry registry = new SourceRegistry();
  private final Clock clock;
  private final Duration maxAge;
  private ProgressListener progress = ProgressListener.NONE;

  public AdvisoryDatabaseUpdater(Path dir, Duration maxAge, Clock clock) {
    this.folder = new DatabaseFolder(dir);
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** Reports downloads and reading. */
  public AdvisoryDatabaseUpdater withProgress(ProgressListener listener) {
    this.progress = listener;
    return this;
  }

  /** The advisory sources this build knows, for status and help output. */
  public List<AdvisorySource> sources() {
    return registry.all();
  }

  /**
   * Downloads every source's files (conditionally, reusing unchanged ones), verifies them by reading them completely,
   * and installs the new database. Files imported earlier with {@link #importFiles} are kept.
   */
  public UpdateResult update(UpdateSettings settings) throws AdvisoryDatabaseException {
    try (Closeable lock = folder.lock()) {
      Map<String, StoredSource> previous = previousSources();
      Path staging = folder.newStaging();
      try {
        HttpFetcher fetcher = new HttpFetcher(settings.timeout(), "kubeward advisory update");
        List<BuildInput> inputs = new ArrayList<>();
        List<String> downloaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> notPublished = new ArrayList<>();
        int n = 0;
        for (AdvisorySource source : registry.all()) {
          if (settings.skipSources().contains(source.id())) {
            continue;
          }
          List<RemoteFile> files = source.remoteFiles(settings);
          for (RemoteFile rf : files) {
            URI uri = resolve(rf, source.id(), settings);
            progress.progress("fetching " + rf.slot(), n++, -1);
            StoredSource prev = previous.get(rf.slot());
            boolean cached = prev != null && Files.isRegularFile(folder.cached(prev));
            Path target = staging.resolve("download-" + n);
            HttpFetcher.Result r;
            try {
              r = fetcher.fetch(uri, cached ? prev.etag() : "", cached ? prev.lastModified() : "", target);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AdvisoryDatabaseException("update interrupted; the previous database is unchanged", e);
            } catch (IOException e) {
              throw new AdvisoryDatabaseException(e.getMessage() + "; the previous database is unchanged", e);
            }
            switch (r.outcome()) {
              case NOT_MODIFIED -> {
                if (!cached) {
                  throw new AdvisoryDatabaseException(uri + ": server answered 'not modified' to an unconditional request");
                }
                inputs.add(new BuildInput(prev, folder.cached(prev)));
                unchanged.add(rf.slot());
              }
              case NOT_FOUND -> {
                if (!rf.optional()) {
                  throw new AdvisoryDatabaseException(uri + ": not found (HTTP 404); the previous database is unchanged");
                }
                notPublished.add(rf.slot());
              }
              case DOWNLOADED -> {
                if (prev != null && prev.sha256().equals(r.sha256())) {
                  // The same bytes as the current build's: a folder that received its database from another process
                  // has no cached sources, so its requests are unconditional. Keep the file for the next conditional
                  // request, and do not rebuild for it (a new build id would make every server re-match).
                  Files.createDirectories(folder.sourcesDir());
                  Files.move(target, folder.cached(prev), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                  inputs.add(new BuildInput(prev, folder.cached(prev)));
                  unchanged.add(rf.slot());
                  continue;
                }
                StoredSource meta = new StoredSource(rf.slot(), source.id(), uri.toString(),
                    DatabaseFolder.cacheName(r.sha256(), rf.slot()), r.sha256(), r.size(), r.etag(), r.lastModified(),
                    clock.instant().toString(), 0, 0);
                inputs.add(new BuildInput(meta, target));
                downloaded.add(rf.slot());
              }
            }
          }
        }
        for (StoredSource s : previous.values()) {
          if (s.slot().startsWith("import/")) {
            if (!Files.isRegularFile(folder.cached(s))) {
              // A database received from another process carries no source files: updating here would drop what was
              // imported elsewhere without a word.
              throw new AdvisoryDatabaseException("the database holds the imported file " + s.slot() + ", which is not"
                  + " in " + folder.sourcesDir() + " (it was imported by another process); update where it was"
                  + " imported, or import it here again; the previous database is unchanged");
            }
            inputs.add(new BuildInput(s, folder.cached(s)));
          }
        }
        if (downloaded.isEmpty() && inputs.stream().map(i -> i.meta().slot()).collect(java.util.stream.Collectors.toSet())
            .equals(previous.keySet())) {
          // Nothing changed upstream: the database stays as it is (its build id too, so nothing needs re-matching).
          try (AdvisoryDatabase db = AdvisoryDatabase.open(folder.dir())) {
            DatabaseMetadata m = folder.currentMetadata().orElseThrow();
            return new UpdateResult(db.status(maxAge, clock), downloaded, unchanged, notPublished, m.issueCount(),
                m.issues());
          }
        }
        return install(staging, inputs, downloaded, unchanged, notPublished);
      } finally {
        DatabaseFolder.discard(staging);
      }
    } catch (AdvisoryDatabaseException e) {
      throw e;
    } catch (IOException e) {
      throw new AdvisoryDatabaseException(e.getMessage() + "; the previous database is unchanged", e);
    }
  }

  /**
   * Imports files: OSV records (a JSON file, a folder of them, an ecosystem zip), a KEV catalogue, EPSS CSV, NVD JSON,
   * or an offline bundle (verified, then replacing every source). A file imported under the same name as before
   * replaces the earlier one; everything else in the database stays.
   */
  public UpdateResult importFiles(List<Path> paths) throws AdvisoryDatabaseException {
    try (Closeable lock = folder.lock()) {
      Map<String, StoredSource> previous = previousSources();
      Path staging = folder.newStaging();
      try {
        Map<String, BuildInput> bySlot = new LinkedHashMap<>();
        for (StoredSource s : previous.values()) {
          if (Files.isRegularFile(folder.cached(s))) {
            bySlot.put(s.slot(), new BuildInput(s, folder.cached(s)));
          }
        }
        List<String> imported = new ArrayList<>();
        int n = 0;
        for (Path path : paths) {
          if (!Files.exists(path)) {
            throw new AdvisoryDatabaseException(path + ": no such file or folder");
          }
          if (Files.isRegularFile(path) && OfflineBundleFormat.isBundle(path)) {
            Path dir = Files.createDirectory(staging.resolve("bundle-" + n++));
            bySlot.clear();
            for (BuildInput in : OfflineBundleFormat.extract(path, dir)) {
              bySlot.put(in.meta().slot(), in);
              imported.add(in.meta().slot());
            }
            continue;
          }
          for (BuildInput in : Files.isDirectory(path) ? importFolder(path, staging) : List.of(importFile(path, staging))) {
            bySlot.put(in.meta().slot(), in);
            imported.add(in.meta().slot());
          }
        }
        return install(staging, new ArrayList<>(bySlot.values()), imported, List.of(), List.of());
      } finally {
        DatabaseFolder.discard(staging);
      }
    } catch (AdvisoryDatabaseException e) {
      throw e;
    } catch (IOException e) {
      throw new AdvisoryDatabaseException(e.getMessage() + "; the previous database is unchanged", e);
    }
  }

  /**
   * Writes an offline bundle of the current database's sources to {@code out} (replacing it atomically).
   *
   * @return the bundle's manifest entries
   */
  public List<SourceStatus> writeBundle(Path out) throws AdvisoryDatabaseException {
    Optional<DatabaseMetadata> meta = folder.currentMetadata();
    if (meta.isEmpty()) {
      throw new AdvisoryDatabaseException("no advisory database in " + folder.dir() + " to bundle");
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".partial");
    try {
      for (StoredSource s : meta.get().sources()) {
        if (!Files.isRegularFile(folder.cached(s))) {
          throw new AdvisoryDatabaseException(folder.cached(s) + " is missing; run 'kubeward db update' first");
        }
      }
      OfflineBundleFormat.write(tmp, new OfflineBundleFormat.Manifest(1, clock.instant().toString(),
          meta.get().buildId(), meta.get().sources()), folder);
      Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (AdvisoryDatabaseException e) {
      throw e;
    } catch (IOException e) {
      throw new AdvisoryDatabaseException("cannot write bundle " + out + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
    }
    try (AdvisoryDatabase db = AdvisoryDatabase.open(folder.dir())) {
      return db.status(maxAge, clock).sources();
    }
  }

  private UpdateResult install(Path staging, List<BuildInput> inputs, List<String> downloaded, List<String> unchanged,
      List<String> notPublished) throws IOException {
    if (inputs.isEmpty()) {
      throw new AdvisoryDatabaseException("nothing to build a database from");
    }
    Path built = staging.resolve(DatabaseFolder.DB_FILE);
    DatabaseMetadata meta = Rebuild.build(inputs, registry, built, clock.instant(), progress);
    folder.install(built, inputs);
    DatabaseStatus status;
    try (AdvisoryDatabase db = AdvisoryDatabase.open(folder.dir())) {
      status = db.status(maxAge, clock);
    }
    return new UpdateResult(status, downloaded, unchanged, notPublished, meta.issueCount(), meta.issues());
  }

  private Map<String, StoredSource> previousSources() {
    Map<String, StoredSource> out = new LinkedHashMap<>();
    folder.currentMetadata().ifPresent(m -> m.sources().forEach(s -> out.put(s.slot(), s)));
    return out;
  }

  private static URI resolve(RemoteFile rf, String sourceId, UpdateSettings settings) {
    Optional<URI> base = Optional.ofNullable(settings.sourceMirrors().get(sourceId)).or(settings::mirror);
    if (base.isEmpty()) {
      return rf.defaultUri();
    }
    String b = base.get().toString();
    String slot = rf.slot();
    if (settings.sourceMirrors().containsKey(sourceId)) {
      slot = slot.substring(slot.indexOf('/') + 1); // a per-source mirror serves that source's files at its root
    }
    return URI.create((b.endsWith("/") ? b : b + "/") + slot.replace(" ", "%20"));
  }

  private BuildInput importFile(Path path, Path staging) throws IOException {
    LocalSourceFile file = new LocalSourceFile(path.toString(), path);
    byte[] head;
    try {
      head = file.head();
    } catch (IOException e) {
      throw new AdvisoryDatabaseException(path + ": unreadable: " + e.getMessage(), e);
    }
    AdvisorySource source = registry.detect(path.getFileName().toString(), head).orElseThrow(() ->
        new AdvisoryDatabaseException(path + ": not a known advisory file (expected OSV JSON or zip, a KEV catalogue,"
            + " EPSS CSV, NVD CVE JSON or an offline bundle)"));
    Path target = staging.resolve("import-" + System.nanoTime());
    long[] size = {0};
    String sha;
    try (var in = Files.newInputStream(path)) {
      sha = copy(in, target, size);
    }
    String slot = "import/" + path.getFileName();
    return new BuildInput(new StoredSource(slot, source.id(), path.toAbsolutePath().toString(),
        DatabaseFolder.cacheName(sha, slot), sha, size[0], "", "",
        Files.getLastModifiedTime(path).toInstant().toString(), 0, 0), target);
  }

  /** A folder: OSV JSON records are zipped into one source file; other known files are imported one by one. */
  private List<BuildInput> importFolder(Path dir, Path staging) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<BuildInput> out = new ArrayList<>();
    Path zip = staging.resolve("folder-" + System.nanoTime() + ".zip");
    int records = 0;
    Instant newest = Instant.EPOCH;
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path f : files) {
        byte[] head = new LocalSourceFile(f.toString(), f).head();
        Optional<AdvisorySource> s = registry.detect(f.getFileName().toString(), head);
        if (s.isEmpty()) {
          continue;
        }
        if (s.get().id().equals("osv") && f.getFileName().toString().endsWith(".json")) {
          z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, z);
          z.closeEntry();
          records++;
          Instant mtime = Files.getLastModifiedTime(f).toInstant();
          newest = mtime.isAfter(newest) ? mtime : newest;
        } else {
          out.add(importFile(f, staging));
        }
      }
    }
    if (records > 0) {
      String slot = "import/" + dir.getFileName() + ".zip";
      long[] size = {Files.size(zip)};
      String sha = sha256(zip);
      out.add(new BuildInput(new StoredSource(slot, "osv", dir.toAbsolutePath().toString(),
          DatabaseFolder.cacheName(sha, slot), sha, size[0], "", "", newest.toString(), 0, 0), zip));
    }
    if (out.isEmpty()) {
      throw new AdvisoryDatabaseException(dir + ": no advisory files in this folder");
    }
    return out;
  }

  private static String copy(java.io.InputStream in, Path target, long[] size) throws IOException {
    java.security.MessageDigest d = sha();
    try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(target), d)) {
      size[0] = in.transferTo(out);
    }
    return java.util.HexFormat.of().formatHex(d.digest());
  }

  private static String sha256(Path file) throws IOException {
    java.security.MessageDigest d = sha();
    try (var in = new java.security.DigestInputStream(Files.newInputStream(file), d)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return java.util.HexFormat.of().formatHex(d.digest());
  }

  private static java.security.MessageDigest sha() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
