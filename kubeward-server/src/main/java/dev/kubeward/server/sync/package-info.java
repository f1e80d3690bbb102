/**
 * Inventory syncs as jobs of the durable queue: the periodic full re-list of each cluster and the posture and
 * compliance evaluation that follows, run by whichever server or {@code kubeward worker} claims the job — one sync per
 * cluster at a time (the cluster id is the dedup key), taken over when its worker dies. A server's live watch keeps
 * writing increments between syncs; {@link dev.kubeward.server.inventory.ClusterWriteFence} keeps the two coherent
 * (docs/SCALING.md, "Who owns what").
 */
package dev.kubeward.server.sync;
