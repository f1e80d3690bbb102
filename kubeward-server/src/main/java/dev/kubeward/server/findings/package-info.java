/**
 * The findings store and workflow shared by all four kinds (alerts, vulnerable components, misconfigurations,
 * failing controls). Scanners report through {@link dev.kubeward.server.findings.FindingIngestService}; every
 * workflow change goes through {@link dev.kubeward.server.findings.FindingWriter}, which keeps history, the findings
 * bar's counts and notifications in step.
 */
package dev.kubeward.server.findings;
