/** Findings exports: CSV ("Download CSV report"), JSON and SARIF, streamed from the database in constant memory. */
package dev.kubeward.server.export;
