/**
 * The risk engine: turns vulnerability matches of images and nodes into vulnerable components, scores each in the
 * context of the cluster that runs it (exploitability, exposure to the internet, privileges, the power of its
 * ServiceAccount, runtime alerts) and finds attack paths from the internet to Secrets, cluster-admin and the node.
 *
 * <p>Plain Java over the inventory and the advisory matcher's output; the weights live in
 * {@code risk-weights.yaml} ({@link dev.kubeward.risk.RiskWeights}, documented in docs/risk.md).
 */
package dev.kubeward.risk;
