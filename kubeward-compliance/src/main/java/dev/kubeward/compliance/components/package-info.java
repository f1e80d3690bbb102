/**
 * Control-plane and node facts for the CIS control-plane, etcd and node sections: the flags of the static
 * control-plane pods kubeadm-style clusters show in {@code kube-system}, and each kubelet's configuration read through
 * the node proxy's {@code configz} endpoint. {@link dev.kubeward.compliance.components.ComponentFacts} turns them into
 * one object per component, {@link dev.kubeward.compliance.components.ComponentChecks} evaluates the checks (rule YAML
 * with CEL, run by the posture engine) over them, and whatever could not be seen is carried as "not evaluated" with its
 * reason, never as a pass.
 */
package dev.kubeward.compliance.components;
