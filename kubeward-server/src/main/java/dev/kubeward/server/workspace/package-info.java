/**
 * Workspaces and the clusters in them: records, persistence, and the REST endpoints
 * {@code /api/v1/workspaces} and {@code /api/v1/clusters}.
 */
package dev.kubeward.server.workspace;
