package dev.kubeward.compliance.components;

import dev.kubeward.model.NotEvaluated;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Reads each node's kubelet configuration through the API server's node proxy ({@code GET
 * /api/v1/nodes/{name}/proxy/configz}), which needs {@code get} on {@code nodes/proxy}. That permission reaches the
 * kubelet's whole API, so callers only read configz when an administrator turned it on. Nothing is retried here: a
 * node that cannot be read is recorded with the reason, and the first "forbidden" stops the round, because RBAC
 * forbids it for every node alike.
 */
public final class KubeletConfigz {
  /** Most nodes read in one round; the rest are reported as not read, never as passing. */
  public static final int MAX_NODES = 1000;

  private KubeletConfigz() {}

  /** The path of one node's configz, the node name encoded. */
  public static String path(String node) {
    return "/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8).replace("+", "%20") + "/proxy/configz";
  }

  /** Reads the configz of these nodes into {@code facts} (a configuration per node, or why it could not be read). */
  public static void read(KubernetesClient client, Collection<String> nodes, ComponentFacts.Builder facts) {
    NotEvaluated forbidden = null;
    int n = 0;
    for (String node : nodes.stream().sorted().toList()) {
      if (++n > MAX_NODES) {
        facts.kubeletFailed(node, new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "more than " + MAX_NODES + " nodes; not read"));
        continue;
      }
      if (forbidden != null) {
        facts.kubeletFailed(node, forbidden);
        continue;
      }
      try {
        String body = client.raw(path(node), "GET", null);
        if (body == null) {
          facts.kubeletFailed(node, new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
              "configz not found (404): the node or its kubelet endpoint is gone"));
        } else {
          facts.kubelet(node, body);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
          forbidden = new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "configz forbidden (" + e.getCode()
              + "): the credentials may not get nodes/proxy");
          facts.kubeletFailed(node, forbidden);
        } else {
          facts.kubeletFailed(node, new NotEvaluated(NotEvaluated.Reason.ERROR, "configz failed"
              + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + firstLine(e.getMessage())));
        }
      }
    }
  }

  private static String firstLine(String s) {
    String line = s == null ? "no response" : s.lines().findFirst().orElse(s);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
