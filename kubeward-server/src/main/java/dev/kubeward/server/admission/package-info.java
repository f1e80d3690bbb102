/**
 * Gated deployment: a validating admission webhook for Pods and workloads (Deployment, StatefulSet, DaemonSet, Job,
 * CronJob, ReplicaSet). {@link dev.kubeward.server.admission.AdmissionController} answers AdmissionReview v1 at
 * {@code /admission/v1/clusters/{clusterId}/validate}, authenticated with the cluster's ingestion token.
 * {@link dev.kubeward.server.admission.AdmissionEvaluator} looks up each image digest's scan result through an
 * {@link dev.kubeward.server.admission.ImageVerdictSource} (cached), evaluates the admission-capable posture rules on
 * the object, and applies the cluster's {@code admission.*} settings: deny or warn, or — in audit mode — allow and
 * record what would have been denied ({@link dev.kubeward.server.admission.AdmissionDecisionDao}). Every answer is
 * given within a time budget below the API server's webhook timeout; past it the configured fail-open or fail-closed
 * answer is given.
 */
package dev.kubeward.server.admission;
