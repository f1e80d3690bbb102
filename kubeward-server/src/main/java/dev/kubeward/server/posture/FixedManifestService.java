package dev.kubeward.server.posture;

import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ManifestFixer;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.Rule;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.KubewardPrincipal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * "Download fixed manifest": the rule's fix applied to the user's own YAML (uploaded), or to the object as the
 * inventory holds it, cleaned of what the API server adds (status, managed fields, resource version, uid, ...), so the
 * result can go back into a Git repository. Workloads are fixed this way rather than patched in the cluster, where the
 * next deploy would undo the fix.
 */
@Service
public class FixedManifestService {
  /** Largest uploaded manifest, in bytes. */
  static final int MAX_UPLOAD_BYTES = 1024 * 1024;

  private final MisconfigurationTarget targets;
  private final PostureRules rules;

  public FixedManifestService(MisconfigurationTarget targets, PostureRules rules) {
    this.targets = targets;
    this.rules = rules;
  }

  /**
   * A fixed manifest.
   *
   * @param fileName a name to save it under
   * @param yaml the fixed text
   * @param applied what was changed, one line per object and container
   * @param unfixable failures of the rule the fix could not change
   * @param problems documents of an uploaded text that could not be read (kept unchanged)
   */
  public record Fixed(String fileName, String yaml, List<String> applied, List<String> unfixable,
      List<String> problems) {}

  /**
   * The object of a finding as the inventory holds it, with the fix applied.
   *
   * @throws ApiException 409 when the object is gone or the rule has no fix for it
   */
  public Fixed fromInventory(KubewardPrincipal who, long findingId) {
    MisconfigurationTarget.Target t = targets.resolve(who, findingId);
    Rule rule = fixableRule(t);
    if (t.evaluation().isEmpty()) {
      throw ApiException.conflict("the cluster's inventory is not loaded; upload your manifest to fix it instead");
    }
    KubeObject object = t.object().orElseThrow(() -> ApiException.conflict(t.stored().resource()
        + " is no longer in the cluster's inventory"));
    String text = yaml(clean(object.content()));
    ManifestFixer.Result r = new ManifestFixer(t.evaluation().get().engine()).fix(text, t.stored().resource(), rule.id());
    if (!r.changed()) {
      throw ApiException.conflict(r.unfixable().isEmpty()
          ? t.stored().resource() + " no longer fails " + rule.id() + "; nothing to fix"
          : "the fix of " + rule.id() + " does not apply to " + t.stored().resource() + "; follow the remediation steps");
    }
    return fixed(fileName(t.stored()), r);
  }

  /**
   * The user's manifests with the finding's rule fixed wherever it fails (not only in the finding's object).
   *
   * @throws ApiException 400 for empty or oversized text, 409 when the rule has no fix
   */
  public Fixed fromUpload(KubewardPrincipal who, long findingId, String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw ApiException.badRequest("'yaml' must hold the manifests to fix");
    }
    if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_UPLOAD_BYTES) {
      throw ApiException.badRequest("manifests to fix may be at most " + MAX_UPLOAD_BYTES / 1024 + " KiB");
    }
    MisconfigurationTarget.Target t = targets.resolve(who, findingId);
    Rule rule = fixableRule(t);
    PostureEngine engine = t.evaluation().map(MisconfigurationScanner.ClusterEvaluation::engine)
        .orElseGet(() -> new PostureEngine(rules.ruleSet(), EngineOptions.defaults()));
    ManifestFixer.Result r = new ManifestFixer(engine).fix(yaml, "uploaded manifest", rule.id());
    return fixed("fixed-" + rule.id().toLowerCase(java.util.Locale.ROOT) + ".yaml", r);
  }

  private static Rule fixableRule(MisconfigurationTarget.Target t) {
    Rule rule = t.rule().orElseThrow(() -> ApiException.conflict("rule " + t.stored().ruleId() + " no longer exists"));
    if (rule.quickFix().isEmpty()) {
      throw ApiException.conflict("rule " + rule.id() + " has no automatic fix; follow the remediation steps");
    }
    return rule;
  }

  private static Fixed fixed(String fileName, ManifestFixer.Result r) {
    return new Fixed(fileName, r.text(),
        r.applied().stream().map(a -> a.resource().key() + (a.container().isEmpty() ? "" : " container " + a.container())
            + ": " + a.description()).toList(),
        r.unfixable().stream().map(Finding::message).toList(),
        r.problems().stream().map(LoadProblem::toString).toList());
  }

  private static String fileName(dev.kubeward.server.findings.Finding f) {
    String name = (f.resourceKind() + "-" + (f.namespace().isEmpty() ? "" : f.namespace() + "-") + f.resourceName())
        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
    return name + ".fixed.yaml";
  }

  /** The object without what the API server adds or keeps for itself. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> clean(Map<String, Object> content) {
    Map<String, Object> out = new LinkedHashMap<>(content);
    out.remove("status");
    if (out.get("metadata") instanceof Map<?, ?> m) {
      Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) m);
      for (String k : List.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation",
          "selfLink")) {
        meta.remove(k);
      }
      if (meta.get("annotations") instanceof Map<?, ?> a) {
        Map<String, Object> annotations = new LinkedHashMap<>((Map<String, Object>) a);
        // The previous apply's full configuration: stale once the object is fixed.
        annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
        if (annotations.isEmpty()) {
          meta.remove("annotations");
        } else {
          meta.put("annotations", annotations);
        }
      }
      out.put("metadata", meta);
    }
    return out;
  }

  static String yaml(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setSplitLines(false);
    return new Yaml(new Representer(options), options).dump(tree);
  }
}
