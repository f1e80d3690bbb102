package dev.kubeward.compliance.components;

import java.util.Optional;

/**
 * The components whose configuration the checks look at. Each is a kind of its own in the checks ({@code kinds:} of
 * the check YAML), so a component that could not be seen makes exactly its checks "not evaluated".
 */
public enum ComponentKind {
  /** The API server, from its static pod's flags. */
  KUBE_APISERVER("KubeAPIServer", "kube-apiserver"),
  /** The controller manager, from its static pod's flags. */
  KUBE_CONTROLLER_MANAGER("KubeControllerManager", "kube-controller-manager"),
  /** The scheduler, from its static pod's flags. */
  KUBE_SCHEDULER("KubeScheduler", "kube-scheduler"),
  /** etcd, from its static pod's flags. */
  ETCD("Etcd", "etcd"),
  /** Each node's kubelet, from its {@code configz} endpoint. */
  KUBELET("KubeletConfiguration", "kubelet");

  /** API version of the objects the checks see; not a Kubernetes API, only a name for these facts. */
  public static final String API_VERSION = "facts.kubeward.dev/v1";

  private final String kind;
  private final String component;

  ComponentKind(String kind, String component) {
    this.kind = kind;
    this.component = component;
  }

  /** The kind the checks name ({@code KubeAPIServer}). */
  public String kind() {
    return kind;
  }

  /** The component's name, as kubeadm's {@code component} label and the binary call it ({@code kube-apiserver}). */
  public String component() {
    return component;
  }

  /** True for the components that run as static pods on control-plane nodes. */
  public boolean staticPod() {
    return this != KUBELET;
  }

  /** The component a static pod's {@code component} label names. */
  public static Optional<ComponentKind> byComponent(String label) {
    for (ComponentKind k : values()) {
      if (k.staticPod() && k.component.equals(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The component checks of this kind look at. */
  public static Optional<ComponentKind> byKind(String kind) {
    for (ComponentKind k : values()) {
      if (k.kind.equals(kind)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
