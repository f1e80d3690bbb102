package dev.kubeward.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.kubeward.inventory.internal.ObjectTrees;
import dev.kubeward.inventory.internal.YamlDocuments;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The offline inventory source: reads Kubernetes objects from files and folders of YAML or JSON — multi-document
 * files, {@code List} kinds ({@code kubectl get -o yaml} dumps), rendered Helm or kustomize output. Folders are walked
 * for {@code *.yaml}, {@code *.yml} and {@code *.json}. In a Helm chart (a folder with {@code Chart.yaml}) only
 * {@code templates/} is read, and templates that still contain {@code {{ }}} are skipped with a note; YAML that is not a
 * Kubernetes object (no apiVersion or kind) is skipped with a note too. Every broken document is reported with its
 * file and line, and the rest is still read.
 */
public final class ManifestLoader {
  /** Files larger than this are refused, so one stray dump cannot exhaust memory. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
      .build();

  private final long maxFileBytes;

  /** A loader with the default file size limit. */
  public ManifestLoader() {
    this(DEFAULT_MAX_FILE_BYTES);
  }

  /** A loader refusing files larger than {@code maxFileBytes}. */
  public ManifestLoader(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /** Reads every path (files or folders), in the order given and folders in name order. */
  public ManifestSet load(List<Path> paths) {
    List<KubeObject> objects = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        problems.add(LoadProblem.error(path.toString(), 0, "no such file or folder"));
      } else if (Files.isDirectory(path)) {
        walk(path, objects, problems);
      } else {
        loadFile(path, objects, problems);
      }
    }
    return new ManifestSet(objects, problems);
  }

  /**
   * The documents of a YAML stream as text, each with the line it starts at, cut where the loader cuts. Used to
   * rewrite single documents of a user's file while leaving the others byte for byte.
   */
  public static List<Document> splitDocuments(String text) {
    return YamlDocuments.split(text).stream().map(c -> new Document(c.firstLine(), c.text())).toList();
  }

  /** One document of a YAML stream: its first line and its text (separator lines excluded). */
  public record Document(int firstLine, String text) {}

  /** Parses YAML or JSON text; {@code sourceName} names it in locations and problems. */
  public ManifestSet parse(String text, String sourceName) {
    List<KubeObject> objects = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    parseText(text, sourceName, looksLikeJson(sourceName, text), objects, problems);
    return new ManifestSet(objects, problems);
  }

  private void walk(Path dir, List<KubeObject> objects, List<LoadProblem> problems) {
    walk(dir, null, objects, problems);
  }

  private void walk(Path dir, Path chart, List<KubeObject> objects, List<LoadProblem> problems) {
    if (chart == null && Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      chart = dir;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted().toList();
    } catch (IOException e) {
      problems.add(LoadProblem.error(dir.toString(), 0, "cannot list folder: " + e.getMessage()));
      return;
    }
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (Files.isDirectory(p)) {
        walk(p, chart, objects, problems);
      } else if (isManifestName(name)) {
        if (chart != null && !chart.relativize(p).startsWith("templates")) {
          // Chart.yaml, values.yaml and friends configure Helm; they are not Kubernetes objects.
          continue;
        }
        if (chart != null && containsTemplateSyntax(p)) {
          problems.add(new LoadProblem(new SourceLocation(p.toString(), 0),
              "Helm template skipped: it contains {{ }} template syntax; render the chart (helm template) and scan the"
                  + " output", true));
          continue;
        }
        loadFile(p, objects, problems);
      }
    }
  }

  private static boolean containsTemplateSyntax(Path file) {
    try {
      return Files.size(file) < 16L * 1024 * 1024 && Files.readString(file).contains("{{");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isManifestName(String name) {
    String l = name.toLowerCase(Locale.ROOT);
    return l.endsWith(".yaml") || l.endsWith(".yml") || l.endsWith(".json");
  }

  private void loadFile(Path file, List<KubeObject> objects, List<LoadProblem> problems) {
    String name = file.toString();
    String text;
    try {
      long size = Files.size(file);
      if (size > maxFileBytes) {
        problems.add(LoadProblem.error(name, 0, "file is " + size / (1024 * 1024) + " MiB, larger than the limit of "
            + maxFileBytes / (1024 * 1024) + " MiB; split it or raise the limit"));
        return;
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      problems.add(LoadProblem.error(name, 0, "not UTF-8 text"));
      return;
    } catch (IOException e) {
      problems.add(LoadProblem.error(name, 0, "cannot read: " + e.getMessage()));
      return;
    }
    parseText(text, name, looksLikeJson(name, text), objects, problems);
  }

  private static boolean looksLikeJson(String name, String text) {
    if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{';
      }
    }
    return false;
  }

  private void parseText(String text, String name, boolean json, List<KubeObject> objects, List<LoadProblem> problems) {
    if (json) {
      List<KubeObject> found = new ArrayList<>();
      List<LoadProblem> foundProblems = new ArrayList<>();
      String failure = null;
      int failureLine = 0;
      try (JsonParser p = JSON.createParser(text)) {
        while (p.nextToken() != null) {
          int line = p.currentTokenLocation().getLineNr();
          Object tree = ObjectTrees.fromJson(p);
          addDocument(tree, Map.of(), name, line, found, foundProblems);
        }
      } catch (StreamConstraintsException e) {
        failure = "the JSON is nested too deeply: " + e.getOriginalMessage();
      } catch (JsonParseException e) {
        JsonLocation loc = e.getLocation();
        failureLine = loc != null ? loc.getLineNr() : 0;
        failure = "invalid JSON: " + e.getOriginalMessage();
      } catch (IOException e) {
        failure = "invalid JSON: " + e.getMessage();
      }
      boolean jsonFile = name.toLowerCase(Locale.ROOT).endsWith(".json");
      if (failure == null || jsonFile) {
        // Keep what parsed before the error: for a JSON stream of objects those are complete objects.
        objects.addAll(found);
        problems.addAll(foundProblems);
        if (failure != null) {
          problems.add(LoadProblem.error(name, failureLine, failure));
        }
        return;
      }
      // Not JSON after all (a YAML flow mapping also starts with '{'): read it as YAML.
    }
    YamlDocuments.Result result = YamlDocuments.parse(text);
    for (YamlDocuments.Failure f : result.failures()) {
      problems.add(LoadProblem.error(name, f.line(), f.message()));
    }
    for (YamlDocuments.Document d : result.documents()) {
      addDocument(d.tree(), d.itemLines(), name, d.line(), objects, problems);
    }
  }

  private static void addDocument(Object tree, Map<Object, Integer> itemLines, String name, int line,
      List<KubeObject> objects, List<LoadProblem> problems) {
    if (tree == null) {
      return;
    }
    if (!(tree instanceof Map<?, ?> map)) {
      problems.add(LoadProblem.error(name, line, "the document is not a Kubernetes object (expected a mapping, found "
          + (tree instanceof List ? "a list" : "a scalar") + ")"));
      return;
    }
    String kind = ObjectTrees.text(map, "kind");
    if (kind.isEmpty() && ObjectTrees.text(map, "apiVersion").isEmpty()) {
      // Other tools' YAML (CI pipelines, registry or Helm configuration) often sits next to manifests.
      problems.add(new LoadProblem(new SourceLocation(name, line),
          "not a Kubernetes object (no apiVersion or kind); skipped", true));
      return;
    }
    if (kind.endsWith("List") && map.get("items") instanceof List<?> items) {
      for (Object item : items) {
        int itemLine = itemLines.getOrDefault(item, line);
        if (item instanceof Map<?, ?> m) {
          addObject(m, name, itemLine, objects, problems);
        } else {
          problems.add(LoadProblem.error(name, itemLine, "an item of " + kind + " is not an object"));
        }
      }
      return;
    }
    addObject(map, name, line, objects, problems);
  }

  @SuppressWarnings("unchecked")
  private static void addObject(Map<?, ?> map, String name, int line, List<KubeObject> objects, List<LoadProblem> problems) {
    try {
      objects.add(KubeObject.of((Map<String, ?>) map, new SourceLocation(name, line)));
    } catch (IllegalArgumentException e) {
      problems.add(LoadProblem.error(name, line, "not a Kubernetes object: " + e.getMessage()));
    }
  }
}
