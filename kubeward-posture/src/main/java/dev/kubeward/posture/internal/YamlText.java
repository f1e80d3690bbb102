package dev.kubeward.posture.internal;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads and writes YAML the way Kubernetes users write it: block style, two-space indent, timestamps kept as text. */
public final class YamlText {
  private YamlText() {}

  private static Yaml yaml() {
    LoaderOptions load = new LoaderOptions();
    load.setMaxAliasesForCollections(50);
    load.setNestingDepthLimit(100);
    load.setCodePointLimit(64 * 1024 * 1024);
    DumperOptions dump = new DumperOptions();
    dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dump.setIndent(2);
    dump.setIndicatorIndent(0);
    dump.setWidth(120);
    dump.setSplitLines(false);
    Representer representer = new Representer(dump);
    return new Yaml(new SafeConstructor(load), representer, dump, load, new Resolver() {
      @Override
      public void addImplicitResolver(Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
        if (!Tag.TIMESTAMP.equals(tag)) {
          super.addImplicitResolver(tag, regexp, first, limit);
        }
      }
    });
  }

  /** Parses one document. */
  public static Object load(String text) {
    return yaml().load(text);
  }

  /** Writes one document (no leading "---"). */
  public static String dump(Object tree) {
    return yaml().dump(tree);
  }

  /** Writes several documents separated by "---". */
  public static String dumpAll(List<? extends Map<String, ?>> documents) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, ?> d : documents) {
      sb.append("---\n").append(dump(d));
    }
    return sb.toString();
  }
}
