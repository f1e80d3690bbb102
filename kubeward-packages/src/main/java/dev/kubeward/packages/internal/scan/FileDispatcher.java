package dev.kubeward.packages.internal.scan;

import dev.kubeward.image.ImageException;
import dev.kubeward.image.LayerCache;
import dev.kubeward.image.LayerEntry;
import dev.kubeward.image.LayerVisitor;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.OsRelease;
import dev.kubeward.packages.AnalyzerResult;
import dev.kubeward.packages.Analyzers;
import dev.kubeward.packages.CandidateFile;
import dev.kubeward.packages.PackageAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects one layer's (or one folder's) findings: hands each file of interest to the analyzers that want it and
 * records whiteouts, opaque directories and the symlinks analyzers care about.
 */
final class FileDispatcher implements LayerVisitor {
  private static final int MAX_WARNINGS = 200;
  private final PackageAnalyzer[] analyzers;
  private final LayerCache cache;
  private final String where;
  private final Map<String, FileFindings> files = new HashMap<>();
  private final Set<String> whiteouts = new HashSet<>();
  private final Set<String> opaque = new HashSet<>();
  private final Map<String, String> symlinks = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private int droppedWarnings;

  FileDispatcher(Analyzers analyzers, LayerCache cache, String where) {
    this.analyzers = analyzers.list().toArray(new PackageAnalyzer[0]);
    this.cache = cache;
    this.where = where;
  }

  @Override
  public void entry(LayerEntry e, InputStream content) throws IOException {
    switch (e.type()) {
      case WHITEOUT -> {
        whiteouts.add(e.path());
        files.remove(e.path());
      }
      case OPAQUE_DIRECTORY -> opaque.add(e.path());
      case SYMLINK -> {
        if (anyAccepts(CandidateFile.of(e.path(), 0, false))) {
          symlinks.put(e.path(), e.linkTarget());
          files.remove(e.path());
        }
      }
      case HARDLINK -> {
        FileFindings target = files.get(e.linkTarget());
        if (target != null && anyAccepts(CandidateFile.of(e.path(), 0, false))) {
          files.put(e.path(), target);
        }
      }
      case FILE -> {
        CandidateFile f = new CandidateFile(e.path(), e.fileName(), e.size(), e.executable());
        List<PackageAnalyzer> wanting = wanting(f);
        if (!wanting.isEmpty()) {
          try (ContentInput input = new ContentInput(f, content, cache)) {
            analyze(f, wanting, input);
          }
        }
      }
      default -> {
        // Directories, devices and FIFOs carry nothing to analyze.
      }
    }
  }

  /** Analyzes a file from disk (file-system scans). */
  void file(CandidateFile f, Path onDisk) {
    List<PackageAnalyzer> wanting = wanting(f);
    if (!wanting.isEmpty()) {
      try (ContentInput input = new ContentInput(f, onDisk)) {
        analyze(f, wanting, input);
      } catch (IOException e) {
        warning("cannot read " + f.path() + ": " + e.getMessage());
      }
    }
  }

  void symlink(String path, String target) {
    if (anyAccepts(CandidateFile.of(path, 0, false))) {
      symlinks.put(path, target);
    }
  }

  private List<PackageAnalyzer> wanting(CandidateFile f) {
    List<PackageAnalyzer> list = null;
    for (PackageAnalyzer a : analyzers) {
      if (a.accepts(f)) {
        if (list == null) {
          list = new ArrayList<>(2);
        }
        list.add(a);
      }
    }
    return list == null ? List.of() : list;
  }

  private boolean anyAccepts(CandidateFile f) {
    for (PackageAnalyzer a : analyzers) {
      if (a.accepts(f)) {
        return true;
      }
    }
    return false;
  }

  private void analyze(CandidateFile f, List<PackageAnalyzer> wanting, ContentInput input) throws IOException {
    List<InstalledPackage> packages = new ArrayList<>();
    OsRelease os = null;
    int osPriority = 0;
    if (wanting.size() > 1) {
      input.materialize();
    }
    for (PackageAnalyzer a : wanting) {
      if (f.size() > a.maxFileSize()) {
        warning(a.name() + ": skipped " + f.path() + where + " (" + f.size() + " bytes, over its cap of " + a.maxFileSize() + ")");
        continue;
      }
      try {
        AnalyzerResult r = a.analyze(input);
        packages.addAll(r.packages());
        if (r.os() != null && r.osPriority() >= osPriority) {
          os = r.os();
          osPriority = r.osPriority();
        }
        for (String w : r.warnings()) {
          warning(a.name() + ": " + f.path() + where + ": " + w);
        }
      } catch (ImageException e) {
        throw e;
      } catch (IOException | RuntimeException | StackOverflowError e) {
        warning(a.name() + ": cannot read " + f.path() + where + ": " + describe(e));
      }
    }
    files.put(f.path(), packages.isEmpty() && os == null ? FileFindings.NOTHING : new FileFindings(packages, os, osPriority));
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void warning(String message) {
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(message);
    } else {
      droppedWarnings++;
    }
  }

  LayerFindings findings(long uncompressedBytes, long entries) {
    List<String> w = new ArrayList<>(warnings);
    if (droppedWarnings > 0) {
      w.add(droppedWarnings + " more warnings" + where + " not shown");
    }
    Map<String, FileFindings> kept = new HashMap<>();
    files.forEach((k, v) -> kept.put(k, v));
    return new LayerFindings(kept, whiteouts, opaque, symlinks, w, uncompressedBytes, entries);
  }
}
