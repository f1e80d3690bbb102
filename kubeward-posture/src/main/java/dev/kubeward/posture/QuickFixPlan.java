package dev.kubeward.posture;

import dev.kubeward.inventory.ObjectTree;
import dev.kubeward.model.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A quick fix ready to show and apply: the patch a rule's fix computes for one cluster object, as a JSON merge patch
 * to show and as the equivalent JSON Patch (RFC 6902) to send. The JSON Patch starts with a {@code test} of the
 * object's {@code resourceVersion}, so the API server refuses it if the object changed after the plan was made, and it
 * replaces lists whole, exactly as the merge patch means.
 *
 * @param ruleId the rule whose finding it fixes
 * @param resource the object to patch
 * @param description what the fix does, for the user to confirm
 * @param patch the merge patch (what the user is shown)
 * @param operations the JSON Patch operations sent to the API server
 */
public record QuickFixPlan(String ruleId, ResourceRef resource, String description, Map<String, Object> patch,
    List<Map<String, Object>> operations) {
  public QuickFixPlan {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(resource, "resource");
    description = description == null ? "" : description;
    patch = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(patch));
    operations = List.copyOf(operations);
  }

  /** Plans the patch against the object's current content. */
  public static QuickFixPlan of(String ruleId, ResourceRef resource, String description, Map<String, Object> patch,
      Map<String, Object> current) {
    List<Map<String, Object>> ops = new ArrayList<>();
    String version = ObjectTree.text(current, "metadata", "resourceVersion");
    if (!version.isEmpty()) {
      ops.add(op("test", "/metadata/resourceVersion", version));
    }
    operations(patch, current, "", ops);
    return new QuickFixPlan(ruleId, resource, description, patch, ops);
  }

  /** The merge patch as JSON, to show the user. */
  public String patchJson() {
    return ObjectTree.toJson(patch);
  }

  /** The JSON Patch as JSON, to send. */
  public String jsonPatch() {
    return ObjectTree.toJson(operations);
  }

  @SuppressWarnings("unchecked")
  private static void operations(Map<String, Object> patch, Map<String, Object> current, String path,
      List<Map<String, Object>> ops) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String p = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
      Object value = e.getValue();
      Object existing = current.get(e.getKey());
      if (value == null) {
        if (existing != null) {
          ops.add(op("remove", p, null));
        }
      } else if (value instanceof Map<?, ?> m && existing instanceof Map<?, ?> em) {
        operations((Map<String, Object>) m, (Map<String, Object>) em, p, ops);
      } else {
        ops.add(op("add", p, value));
      }
    }
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    if (value != null) {
      m.put("value", value);
    }
    return m;
  }
}
