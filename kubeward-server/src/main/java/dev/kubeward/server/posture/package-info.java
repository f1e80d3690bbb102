/**
 * Misconfigurations in the server: every loaded cluster is evaluated by the posture engine and kept current on watch
 * events ({@link dev.kubeward.server.posture.MisconfigurationScanner}, a
 * {@link dev.kubeward.server.inventory.ClusterInventoryListener}), into the findings store as kind MISCONFIGURATION.
 * Around it: custom rules posted through the API ({@link dev.kubeward.server.posture.PostureRules}), rule parameters
 * as settings ({@link dev.kubeward.server.posture.RuleParameters}), quick fixes of cluster-level findings with preview,
 * dry run and confirmation ({@link dev.kubeward.server.posture.QuickFixService}), fixed manifests
 * ({@link dev.kubeward.server.posture.FixedManifestService}) and admission policies
 * ({@link dev.kubeward.server.posture.AdmissionPolicyService}).
 */
package dev.kubeward.server.posture;
