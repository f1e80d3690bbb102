/** Report formats of scan results (table, JSON, SARIF, CSV, JUnit), found through {@link dev.kubeward.posture.report.ReportWriters}. */
package dev.kubeward.posture.report;
