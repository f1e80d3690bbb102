/**
 * Each cluster's inventory inside the server: where it comes from ({@link dev.kubeward.server.inventory.ClusterSource}
 * — a kubeconfig, the in-cluster service account, or a folder of manifests), the live {@link
 * dev.kubeward.inventory.Inventory} kept current by informers, and {@link
 * dev.kubeward.server.inventory.ClusterInventoryListener}s (misconfigurations, vulnerability assessment, compliance)
 * told whenever a cluster's inventory is (re)loaded. Nothing is read while the {@code kubernetesApiAccess} component
 * is off.
 */
package dev.kubeward.server.inventory;
