package dev.kubeward.risk;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The weights of the risk engine, read from {@code risk-weights.yaml} (bundled defaults, documented entry by entry in
 * docs/risk.md). An override file names only the entries it changes; unknown entries and negative or non-numeric
 * values are rejected so a typo never silently leaves a default in place.
 *
 * @param values every entry as {@code section.name} (nested {@code vulnerability.severityCvss.high})
 */
public record RiskWeights(Map<String, Double> values) {
  private static final String RESOURCE = "risk-weights.yaml";
  private static final int MAX_BYTES = 64 * 1024;
  private static volatile RiskWeights defaults;

  public RiskWeights {
    values = Map.copyOf(values);
  }

  /** The bundled weights. */
  public static RiskWeights defaults() {
    RiskWeights d = defaults;
    if (d == null) {
      try (InputStream in = RiskWeights.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        d = new RiskWeights(flatten(parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaults = d;
    }
    return d;
  }

  /**
   * The defaults with the entries of an override document applied.
   *
   * @throws IllegalArgumentException naming the offending entry when the document is not YAML, names an unknown
   *     entry, or gives a value that is not a non-negative number
   */
  public static RiskWeights withOverrides(Reader yaml, String sourceName) {
    Map<String, Double> merged = new LinkedHashMap<>(defaults().values());
    Map<String, Double> overrides = flatten(parse(yaml, sourceName));
    TreeSet<String> unknown = new TreeSet<>(overrides.keySet());
    unknown.removeAll(merged.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(sourceName + ": unknown risk weight(s) " + unknown
          + "; see docs/risk.md for the accepted entries");
    }
    merged.putAll(overrides);
    return new RiskWeights(merged);
  }

  private static Map<String, Object> parse(Reader reader, String sourceName) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(reader);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(sourceName + ": not a valid weights file: " + e.getMessage(), e);
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(sourceName + ": a weights file is a mapping of sections");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) map;
    return m;
  }

  private static Map<String, Double> flatten(Map<String, Object> tree) {
    Map<String, Double> out = new LinkedHashMap<>();
    flatten("", tree, out, 0);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> tree, Map<String, Double> out, int depth) {
    if (depth > 4) {
      throw new IllegalArgumentException("weights nest at most three levels deep (at " + prefix + ")");
    }
    for (Map.Entry<?, ?> e : tree.entrySet()) {
      String key = prefix + e.getKey();
      Object v = e.getValue();
      if (v instanceof Map<?, ?> sub) {
        flatten(key + ".", sub, out, depth + 1);
      } else if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
        out.put(key, n.doubleValue());
      } else {
        throw new IllegalArgumentException("risk weight " + key + " must be a non-negative number, not '" + v + "'");
      }
    }
  }

  /** One entry; every entry of the bundled file exists. */
  public double get(String key) {
    Double v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no risk weight " + key);
    }
    return v;
  }

  /** The CVSS base score assumed for an advisory that has only a severity. */
  public double severityCvss(Severity severity) {
    return get("vulnerability.severityCvss." + severity.name().toLowerCase(Locale.ROOT));
  }

  /** The level of a score: the first level whose threshold the score reaches. */
  public RiskLevel level(double score) {
    if (score >= get("levels.critical")) {
      return RiskLevel.CRITICAL;
    }
    if (score >= get("levels.high")) {
      return RiskLevel.HIGH;
    }
    if (score >= get("levels.medium")) {
      return RiskLevel.MEDIUM;
    }
    return RiskLevel.LOW;
  }
}
