package dev.kubeward.runtime.detection;

import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.runtime.detection.internal.CompiledDetection;
import dev.kubeward.runtime.detection.internal.DetectionYamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A validated, compiled set of detections. Built-in detections are the {@code *.yaml} files in the class path folder
 * {@value #BUILT_IN_FOLDER}, one detection per file named after its id; adding a detection is adding a file (and its
 * fixtures). Users' own detections load from a directory the same way.
 */
public final class DetectionCatalog {
  /** Where the built-in detection files live on the class path. */
  public static final String BUILT_IN_FOLDER = "dev/kubeward/runtime/detections";

  private final Map<String, CompiledDetection> byId;

  private DetectionCatalog(Map<String, CompiledDetection> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /**
   * The built-in detections.
   *
   * @throws InvalidDetectionException if a bundled file is broken (a build that ships it fails its tests first)
   */
  public static DetectionCatalog builtIn() {
    return BuiltIn.CATALOG;
  }

  /** Loaded once: the files cannot change while the class path is the same, and compiling them takes a while. */
  private static final class BuiltIn {
    static final DetectionCatalog CATALOG = fromFiles(
        yamlFilesDirectlyIn(ClasspathFolder.read(BUILT_IN_FOLDER, DetectionCatalog.class.getClassLoader())),
        BUILT_IN_FOLDER + "/");

    // Detections are the folder's own .yaml files; anything in subfolders (fixtures, notes) is not a detection.
    private static java.util.Map<String, String> yamlFilesDirectlyIn(java.util.TreeMap<String, String> files) {
      files.keySet().removeIf(name -> name.contains("/") || !name.endsWith(".yaml"));
      return files;
    }
  }

  /**
   * The detections in the {@code *.yaml} files of a directory (not recursive).
   *
   * @throws InvalidDetectionException naming the first broken file
   * @throws UncheckedIOException when the directory cannot be read
   */
  public static DetectionCatalog fromDirectory(Path dir) {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.sorted().toList()) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
          if (Files.size(f) > 512 * 1024) {
            throw new InvalidDetectionException(f + ": a detection file may not exceed 512 KiB");
          }
          files.put(name, Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read detections in " + dir, e);
    }
    return fromFiles(files, dir + "/");
  }

  /** One detection from YAML text (for tests and for detections kept in the database). */
  public static DetectionCatalog ofYaml(String yaml, String origin) {
    return of(List.of(DetectionYamlReader.read(yaml, origin)));
  }

  /**
   * Compiles these detections.
   *
   * @throws InvalidDetectionException for a duplicate id or a condition that does not compile
   */
  public static DetectionCatalog of(List<Detection> detections) {
    Map<String, CompiledDetection> byId = new LinkedHashMap<>();
    for (Detection d : detections) {
      CompiledDetection c = CompiledDetection.compile(d);
      CompiledDetection old = byId.putIfAbsent(d.id(), c);
      if (old != null) {
        throw new InvalidDetectionException(d.origin() + ": detection id '" + d.id() + "' is already used by "
            + old.detection().origin());
      }
    }
    return new DetectionCatalog(byId);
  }

  private static DetectionCatalog fromFiles(Map<String, String> files, String prefix) {
    List<Detection> list = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Detection d = DetectionYamlReader.read(f.getValue(), prefix + f.getKey());
      String expected = f.getKey().replaceFirst("\\.ya?ml$", "");
      if (!d.id().equals(expected)) {
        throw new InvalidDetectionException(prefix + f.getKey() + ": detection id '" + d.id()
            + "' does not match the file name (expected '" + expected + "')");
      }
      list.add(d);
    }
    return of(list);
  }

  /** This catalog plus another's detections; ids must not clash. */
  public DetectionCatalog with(DetectionCatalog other) {
    List<Detection> all = new ArrayList<>(detections());
    all.addAll(other.detections());
    return of(all);
  }

  /** The detections, in load order (file name order for built-ins). */
  public List<Detection> detections() {
    return byId.values().stream().map(CompiledDetection::detection).toList();
  }

  /** The detection with this id. */
  public Optional<Detection> find(String id) {
    CompiledDetection c = byId.get(id);
    return c == null ? Optional.empty() : Optional.of(c.detection());
  }

  /** Number of detections. */
  public int size() {
    return byId.size();
  }

  /** The compiled forms, for the engine. */
  List<CompiledDetection> compiled() {
    return List.copyOf(byId.values());
  }
}
