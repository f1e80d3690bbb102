package dev.kubeward.inventory.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Splits a YAML stream into documents and parses each on its own, so one broken document costs only itself. Parsing
 * is bounded: alias expansion, nesting depth and document size are limited by SnakeYAML's {@link LoaderOptions}, and
 * the tree is built from the composed nodes here, which keeps each node's line.
 */
public final class YamlDocuments {
  /** Aliases to collections allowed per document; Kubernetes manifests rarely use any, bombs use thousands. */
  static final int MAX_ALIASES = 50;
  /** Nesting depth per document; real objects stay far below 40. */
  static final int MAX_DEPTH = 100;
  /** Code points per document. */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private YamlDocuments() {}

  /** A parsed document: its tree (maps, lists, scalars; null for an empty document) and each list item's line. */
  public record Document(int line, Object tree, Map<Object, Integer> itemLines) {}

  /** A document that did not parse: the line of the problem and SnakeYAML's description. */
  public record Failure(int line, String message) {}

  /** The outcome of reading one stream. */
  public record Result(List<Document> documents, List<Failure> failures) {}

  /** Parses every document of {@code text}; line numbers are 1-based within the whole text. */
  public static Result parse(String text) {
    List<Document> docs = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (Chunk chunk : split(text)) {
      try {
        Node node = newYaml().compose(new StringReader(chunk.text));
        if (node == null) {
          continue;
        }
        Map<Object, Integer> itemLines = new java.util.IdentityHashMap<>();
        Object tree = convert(node, itemLines, chunk.firstLine, 0);
        docs.add(new Document(chunk.firstLine + node.getStartMark().getLine(), tree, itemLines));
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = chunk.firstLine + (mark != null ? mark.getLine() : 0);
        failures.add(new Failure(line, describe(e)));
      } catch (YAMLException | IllegalStateException e) {
        failures.add(new Failure(chunk.firstLine, describe(String.valueOf(e.getMessage()))));
      } catch (StackOverflowError e) {
        failures.add(new Failure(chunk.firstLine, "the document is nested too deeply"));
      }
    }
    return new Result(docs, failures);
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
    String context = e.getContext();
    return describe(context != null ? context + ": " + problem : problem);
  }

  private static String describe(String text) {
    if (text.contains("Number of aliases")) {
      return "too many YAML aliases (possible YAML bomb); at most " + MAX_ALIASES + " are allowed per document";
    }
    if (text.toLowerCase(Locale.ROOT).contains("nesting depth")) {
      return "the document is nested deeper than " + MAX_DEPTH + " levels";
    }
    if (text.startsWith("the document is nested")) {
      return text;
    }
    return "invalid YAML: " + text.replace('\n', ' ').trim();
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowDuplicateKeys(true);
    options.setAllowRecursiveKeys(false);
    return new Yaml(options);
  }

  /** One document's text and the line it starts at. */
  public record Chunk(int firstLine, String text) {}

  /** Cuts at "---" and "..." lines; text after "---" on the same line stays with the next document. */
  public static List<Chunk> split(String text) {
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int start = 0;
    int lineNo = 0;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      int end = text.indexOf('\n', pos);
      int next = end < 0 ? n : end + 1;
      String line = text.substring(pos, end < 0 ? n : end);
      if (line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)))) {
        chunks.add(new Chunk(start + 1, cur.toString()));
        cur.setLength(0);
        start = lineNo;
        cur.append("   ").append(line, 3, line.length()).append('\n');
      } else if (line.startsWith("...") && line.substring(3).isBlank()) {
        chunks.add(new Chunk(start + 1, cur.toString()));
        cur.setLength(0);
        start = lineNo + 1;
      } else {
        cur.append(line).append('\n');
      }
      lineNo++;
      pos = next;
    }
    chunks.add(new Chunk(start + 1, cur.toString()));
    chunks.removeIf(c -> c.text.isBlank());
    return chunks;
  }

  private static Object convert(Node node, Map<Object, Integer> itemLines, int firstLine, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("the document is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      List<NodeTuple> merges = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
          merges.add(t);
          continue;
        }
        Object key = convert(t.getKeyNode(), itemLines, firstLine, depth + 1);
        out.put(String.valueOf(key), convert(t.getValueNode(), itemLines, firstLine, depth + 1));
      }
      for (NodeTuple t : merges) {
        List<Node> sources = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
        for (Node source : sources) {
          if (convert(source, itemLines, firstLine, depth + 1) instanceof Map<?, ?> merged) {
            merged.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
          }
        }
      }
      return out;
    }
    if (node instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>(s.getValue().size());
      for (Node item : s.getValue()) {
        Object v = convert(item, itemLines, firstLine, depth + 1);
        if (v instanceof Map<?, ?>) {
          itemLines.put(v, firstLine + item.getStartMark().getLine());
        }
        out.add(v);
      }
      return out;
    }
    return scalar((ScalarNode) node);
  }

  private static Object scalar(ScalarNode node) {
    String v = node.getValue();
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      String l = v.toLowerCase(Locale.ROOT);
      return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
    }
    if (tag.equals(Tag.INT)) {
      Object n = parseInt(v);
      return n != null ? n : v;
    }
    if (tag.equals(Tag.FLOAT)) {
      String l = v.replace("_", "").toLowerCase(Locale.ROOT);
      if (l.endsWith(".inf")) {
        return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (l.equals(".nan")) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(l);
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  private static Object parseInt(String text) {
    String s = text.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    try {
      long value;
      if (s.startsWith("0x")) {
        value = Long.parseLong(s.substring(2), 16);
      } else if (s.startsWith("0o")) {
        value = Long.parseLong(s.substring(2), 8);
      } else if (s.startsWith("0b")) {
        value = Long.parseLong(s.substring(2), 2);
      } else if (s.length() > 1 && s.startsWith("0")) {
        value = Long.parseLong(s, 8);
      } else if (s.contains(":")) {
        return null;
      } else {
        value = Long.parseLong(s);
      }
      return negative ? -value : value;
    } catch (NumberFormatException e) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
