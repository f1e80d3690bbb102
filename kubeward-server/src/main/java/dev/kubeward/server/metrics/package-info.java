/**
 * Operations: Prometheus metrics (Micrometer) for ingestion, scans, rule evaluation, data freshness, the notification
 * outbox and the job queue, and the readiness check that the database schema is current. Features report through
 * {@link dev.kubeward.server.metrics.ServerMetrics} and {@link dev.kubeward.server.metrics.IngestionMetrics}; the job
 * queue's depth is read from {@link dev.kubeward.server.jobs.JobQueue#depth()}.
 */
package dev.kubeward.server.metrics;
