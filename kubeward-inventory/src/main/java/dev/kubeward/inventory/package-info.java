/**
 * The cluster inventory: Kubernetes objects from a live cluster ({@link dev.kubeward.inventory.LiveClusterSource},
 * fabric8 informers) or from manifests ({@link dev.kubeward.inventory.ManifestLoader}), held in an
 * {@link dev.kubeward.inventory.Inventory} and related by the {@link dev.kubeward.inventory.ResourceGraph} (workloads,
 * containers and images, owners, Services, Ingresses, RBAC permissions, NetworkPolicies, cluster facts).
 */
package dev.kubeward.inventory;
