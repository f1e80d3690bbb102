/**
 * The advisory database shared by every process on one PostgreSQL: builds published through the database
 * ({@link dev.kubeward.server.advisories.AdvisoryBuildStore}) and copied into each process's own folder
 * ({@link dev.kubeward.server.advisories.AdvisoryDatabaseSync}), so servers and workers match with the same build
 * without a shared filesystem; and the optional periodic update from mirrors as a job of the durable queue
 * ({@link dev.kubeward.server.advisories.AdvisoryUpdateJobs}).
 */
package dev.kubeward.server.advisories;
