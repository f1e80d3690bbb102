package dev.kubeward.risk;

import dev.kubeward.advisories.VulnerabilityMatch;
import java.util.List;
import java.util.Objects;

/**
 * Something that was scanned and matched: an image (by digest), a node pool, or the control plane.
 *
 * @param kind what it is
 * @param id the image digest ({@code sha256:...}), the node pool's name, or {@code control-plane}
 * @param displayName what users call it (the image reference, "pool ubuntu-22.04 / kubelet v1.27.3")
 * @param nodes the nodes of a node pool (empty for images)
 * @param matches the advisory matches of its packages
 */
public record ScanSubject(Kind kind, String id, String displayName, List<String> nodes,
    List<VulnerabilityMatch> matches) {
  public ScanSubject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    displayName = displayName == null ? id : displayName;
    nodes = List.copyOf(nodes);
    matches = List.copyOf(matches);
  }

  /** An image scanned by digest. */
  public static ScanSubject image(String digest, String reference, List<VulnerabilityMatch> matches) {
    return new ScanSubject(Kind.IMAGE, digest, reference, List.of(), matches);
  }

  /** What was scanned. */
  public enum Kind {
    /** A container image, identified by its digest. */
    IMAGE,
    /** Nodes that share kernel, kubelet, container runtime and OS. */
    NODE_POOL,
    /** The cluster's Kubernetes version (API server and control-plane components). */
    CONTROL_PLANE
  }
}
