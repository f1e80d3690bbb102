/**
 * The misconfiguration engine: rules as YAML with CEL ({@link dev.kubeward.posture.RuleSet}), evaluated against an
 * inventory by the {@link dev.kubeward.posture.PostureEngine} (or kept current by
 * {@link dev.kubeward.posture.LiveEvaluation}); quick fixes for manifests ({@link dev.kubeward.posture.ManifestFixer})
 * and clusters ({@link dev.kubeward.posture.QuickFixPlanner}, {@link dev.kubeward.posture.QuickFixApplier}); and
 * admission policies ({@link dev.kubeward.posture.AdmissionPolicyExporter},
 * {@link dev.kubeward.posture.AdmissionPolicyApplier}). Built-in rules live in {@code rules/}, their fixtures in
 * {@code testdata/rules/}.
 */
package dev.kubeward.posture;
