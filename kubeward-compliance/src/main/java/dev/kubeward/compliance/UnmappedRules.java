package dev.kubeward.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The built-in rules that deliberately map to no control of any built-in standard, with the reason
 * ({@code unmapped-rules.yaml}). Keeping the list explicit means a new rule cannot silently stay out of compliance.
 */
public final class UnmappedRules {
  private static final String RESOURCE = "dev/kubeward/compliance/unmapped-rules.yaml";

  private UnmappedRules() {}

  /** Rule id to the reason it is unmapped, sorted by id. */
  public static Map<String, String> builtIn() {
    try (InputStream in = UnmappedRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<String, String> out = new TreeMap<>();
      if (tree instanceof Map<?, ?> m) {
        m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
