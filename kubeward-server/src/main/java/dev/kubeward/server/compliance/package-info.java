/**
 * Compliance per cluster, built on the misconfiguration scanner's results: the standards in force (built-in plus
 * custom ones posted through the API, {@link dev.kubeward.server.compliance.ComplianceStandards}), each cluster's
 * control status per selected standard ({@link dev.kubeward.server.compliance.ComplianceService}; the selection is
 * the {@code compliance.standards} setting, workspace over cluster), failing controls reported as COMPLIANCE findings
 * and daily snapshots for the trend ({@link dev.kubeward.server.compliance.ComplianceReporter}), the REST API and
 * the cluster status contribution.
 */
package dev.kubeward.server.compliance;
