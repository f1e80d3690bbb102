/**
 * Compliance: standards as YAML data ({@link dev.kubeward.compliance.Standards}), the mapping from posture rules to
 * the controls they decide ({@link dev.kubeward.compliance.StandardsControlMapping}, found by the posture engine
 * through {@code META-INF/services}) and the assessor that turns a posture scan into a status per control
 * ({@link dev.kubeward.compliance.ComplianceAssessor}). Built-in standards live in {@code standards/}; rules that no
 * standard maps are listed, with the reason, in {@code unmapped-rules.yaml}.
 */
package dev.kubeward.compliance;
