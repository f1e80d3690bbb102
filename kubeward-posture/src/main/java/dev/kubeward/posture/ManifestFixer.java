package dev.kubeward.posture;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeKinds;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.posture.internal.MergePatch;
import dev.kubeward.posture.internal.YamlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a rule's quick fix to the user's own manifests: each failing object gets the rule's patch merged into its
 * container, pod spec or body. Only the documents that change are rewritten (as block YAML, comments inside them are
 * lost); every other document keeps its exact text.
 */
public final class ManifestFixer {
  private final PostureEngine engine;
  private final ManifestLoader loader = new ManifestLoader();

  public ManifestFixer(PostureEngine engine) {
    this.engine = engine;
  }

  /** One fix applied to one object. */
  public record AppliedFix(ResourceRef resource, String container, String description, Map<String, Object> patch) {}

  /**
   * The outcome for one file.
   *
   * @param source the file
   * @param text the patched text (the original when nothing changed)
   * @param applied the fixes applied
   * @param unfixable failures of the rule that have no automatic fix
   * @param problems documents that could not be read (left unchanged)
   */
  public record Result(String source, String text, List<AppliedFix> applied, List<Finding> unfixable,
      List<LoadProblem> problems) {
    /** True when at least one fix was applied. */
    public boolean changed() {
      return !applied.isEmpty();
    }
  }

  /** Fixes one file's text; {@code sourceName} names it in problems. */
  public Result fix(String text, String sourceName, String ruleId) {
    Rule rule = engine.rules().rule(ruleId).orElseThrow(() -> new IllegalArgumentException("unknown rule " + ruleId));
    List<ManifestLoader.Document> documents = ManifestLoader.splitDocuments(text);
    List<ManifestSet> parsed = new ArrayList<>();
    Inventory inventory = new Inventory();
    List<LoadProblem> problems = new ArrayList<>();
    for (ManifestLoader.Document d : documents) {
      ManifestSet set = loader.parse(d.text(), sourceName);
      parsed.add(set);
      set.objects().forEach(inventory::put);
      problems.addAll(set.errors());
    }
    List<AppliedFix> applied = new ArrayList<>();
    List<Finding> unfixable = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    boolean leadingSeparator = text.stripLeading().startsWith("---");
    for (int i = 0; i < documents.size(); i++) {
      ManifestLoader.Document d = documents.get(i);
      Object raw = null;
      boolean changed = false;
      for (KubeObject o : parsed.get(i).objects()) {
        for (Finding f : engine.evaluate(inventory, o, ruleId)) {
          if (f.outcome() != Finding.Outcome.FAIL) {
            continue;
          }
          Optional<Map<String, Object>> patch = engine.quickFixPatch(inventory, o, ruleId, f.container());
          if (patch.isEmpty()) {
            unfixable.add(f);
            continue;
          }
          if (raw == null) {
            raw = YamlText.load(d.text());
          }
          Map<String, Object> subject = subject(raw, o.ref(), rule.target(), f.container());
          if (subject == null) {
            unfixable.add(f);
            continue;
          }
          MergePatch.apply(subject, patch.get());
          applied.add(new AppliedFix(o.ref(), f.container(),
              rule.quickFix().map(Rule.QuickFixSpec::description).orElse(""), patch.get()));
          changed = true;
        }
      }
      if (i > 0 || leadingSeparator) {
        out.append("---\n");
      }
      out.append(changed ? YamlText.dump(raw) : body(d.text()));
    }
    return new Result(sourceName, applied.isEmpty() ? text : out.toString(), applied, unfixable, problems);
  }

  /** Fixes a file, returning the patched text (the file itself is not written). */
  public Result fix(Path file, String ruleId) {
    try {
      return fix(Files.readString(file), file.toString(), ruleId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String body(String chunk) {
    int nl = chunk.indexOf('\n');
    String first = nl < 0 ? chunk : chunk.substring(0, nl);
    String rest = first.isBlank() && nl >= 0 ? chunk.substring(nl + 1) : chunk;
    return rest.endsWith("\n") ? rest : rest + "\n";
  }

  /** The map inside the raw document that the rule's patch applies to. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> subject(Object raw, ResourceRef ref, Target target, String container) {
    Map<String, Object> object = find(raw, ref);
    if (object == null) {
      return null;
    }
    if (!target.workloadScoped() || target == Target.WORKLOAD) {
      return object;
    }
    List<String> path = KubeKinds.podSpecPath(ref.kind());
    Object spec = object;
    for (String p : path) {
      spec = spec instanceof Map<?, ?> m ? m.get(p) : null;
    }
    if (!(spec instanceof Map<?, ?> podSpec)) {
      return null;
    }
    if (target == Target.POD_SPEC) {
      return (Map<String, Object>) podSpec;
    }
    for (String type : List.of("containers", "initContainers", "ephemeralContainers")) {
      if (podSpec.get(type) instanceof List<?> list) {
        for (Object c : list) {
          if (c instanceof Map<?, ?> cm && container.equals(String.valueOf(cm.get("name")))) {
            return (Map<String, Object>) cm;
          }
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> find(Object raw, ResourceRef ref) {
    if (!(raw instanceof Map<?, ?> m)) {
      return null;
    }
    if (matches(m, ref)) {
      return (Map<String, Object>) m;
    }
    if (m.get("items") instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> im && matches(im, ref)) {
          return (Map<String, Object>) im;
        }
      }
    }
    return null;
  }

  private static boolean matches(Map<?, ?> m, ResourceRef ref) {
    return ref.kind().equals(ObjectTree.text(m, "kind")) && ref.name().equals(ObjectTree.text(m, "metadata", "name"))
        && ref.namespace().equals(ObjectTree.text(m, "metadata", "namespace"));
  }
}
