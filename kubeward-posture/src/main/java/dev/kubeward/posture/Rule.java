package dev.kubeward.posture;

import dev.kubeward.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A misconfiguration rule, as written in its YAML file. The condition is a CEL expression that is true when the
 * subject is misconfigured; {@link RuleSet} compiles it once.
 *
 * @param id stable id ({@code KW-CTR-001}), never reused
 * @param title short title
 * @param severity High, Medium or Low
 * @param category grouping shown to users ({@code Pod Security Standards (baseline)}, {@code RBAC}, ...)
 * @param target what the rule looks at
 * @param kinds the kinds it matches
 * @param condition CEL, true when misconfigured
 * @param message message template; {@code {{ expr }}} parts are CEL evaluated on the failing subject
 * @param description why it matters
 * @param remediation how to fix it
 * @param references links to upstream documentation
 * @param params default parameters, visible to CEL as {@code params}
 * @param quickFix how to fix it automatically, if it can be
 * @param admission whether and how it exports as a ValidatingAdmissionPolicy
 * @param source the file it was loaded from
 */
public record Rule(
    String id,
    String title,
    Severity severity,
    String category,
    Target target,
    List<String> kinds,
    String condition,
    String message,
    String description,
    String remediation,
    List<String> references,
    Map<String, Object> params,
    Optional<QuickFixSpec> quickFix,
    AdmissionSpec admission,
    String source) {

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    category = category == null ? "" : category;
    Objects.requireNonNull(target, "target");
    kinds = List.copyOf(kinds);
    Objects.requireNonNull(condition, "condition");
    message = message == null ? title : message;
    description = description == null ? "" : description;
    remediation = remediation == null ? "" : remediation;
    references = references == null ? List.of() : List.copyOf(references);
    params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    quickFix = quickFix == null ? Optional.empty() : quickFix;
    admission = admission == null ? AdmissionSpec.AUTOMATIC : admission;
    source = source == null ? "" : source;
  }

  /** True when the condition or message looks at other objects ({@code related}), so it needs the whole graph. */
  public boolean crossObject() {
    return condition.contains("related") || message.contains("related");
  }

  /**
   * An automatic fix: a CEL expression producing a map that is merged (JSON merge patch semantics) into the rule's
   * subject — the container for container rules, the pod spec for pod-spec rules, the object otherwise.
   *
   * @param patch CEL producing the map to merge
   * @param description what the fix does, for the user to confirm
   */
  public record QuickFixSpec(String patch, String description) {
    public QuickFixSpec {
      Objects.requireNonNull(patch, "patch");
      description = description == null ? "" : description;
    }
  }

  /**
   * Whether a rule exports as an admission policy.
   *
   * @param enabled false when the rule cannot run at admission (it needs other objects) or should not
   * @param expression an explicit ValidatingAdmissionPolicy validation expression (true = allowed), or "" to derive
   *     one from the condition
   */
  public record AdmissionSpec(boolean enabled, String expression) {
    /** Derive from the condition when the rule looks at one object only. */
    public static final AdmissionSpec AUTOMATIC = new AdmissionSpec(true, "");

    public AdmissionSpec {
      expression = expression == null ? "" : expression;
    }
  }
}
