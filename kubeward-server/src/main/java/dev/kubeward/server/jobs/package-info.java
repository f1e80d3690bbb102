/**
 * The durable job queue: work that takes time or must survive a restart (image scans, cluster inventory syncs,
 * re-matching) is a row in the {@code jobs} table, claimed by a {@link dev.kubeward.server.jobs.JobRunner} in the
 * server or in {@code kubeward worker} processes that share one PostgreSQL.
 *
 * <p>Producers call {@link dev.kubeward.server.jobs.JobQueue#enqueue}; the same {@code (type, dedupKey)} is queued
 * once while it is still to do. Work is done by {@link dev.kubeward.server.jobs.JobHandler} beans, one per type, found
 * in the Spring context. A runner leases each job it claims ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL) and renews
 * the lease by heartbeat; a job whose worker died is taken over once its lease expires. Completion is conditional on
 * still holding the lease, and a handler's result writes ({@link dev.kubeward.server.jobs.JobResult#write}) commit in
 * the same transaction, so a worker that lost its lease cannot write a second result.
 */
package dev.kubeward.server.jobs;
