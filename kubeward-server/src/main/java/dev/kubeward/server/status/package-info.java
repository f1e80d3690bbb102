/**
 * A cluster's health at a glance: for each capability (inventory, misconfigurations, vulnerability assessment,
 * runtime sensor, advisory database, ...) whether it ran, when, and if not, why. Capabilities report through
 * {@link dev.kubeward.server.status.ClusterStatusContributor} beans; the dashboard's overview and empty states read it.
 */
package dev.kubeward.server.status;
