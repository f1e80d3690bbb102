package dev.kubeward.compliance.components;

import dev.kubeward.model.NotEvaluated;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * One round of reads: each node's configz response, or why it could not be read.
   *
   * @param configs node name to its configz response (JSON text, parsed when applied)
   * @param failures node name to why it could not be read
   */
  public record Round(Map<String, String> configs, Map<String, NotEvaluated> failures) {
    public Round {
      configs = Map.copyOf(configs);
      failures = Map.copyOf(failures);
    }

    /** Adds the round's configurations and failures to the facts. */
    public void applyTo(ComponentFacts.Builder facts) {
      configs.forEach(facts::kubelet);
      failures.forEach(facts::kubeletFailed);
    }
  }

  /** Reads the configz of these nodes, sequentially. */
  public static Round read(KubernetesClient client, Collection<String> nodes) {
    Map<String, String> configs = new LinkedHashMap<>();
    Map<String, NotEvaluated> failures = new LinkedHashMap<>();
    NotEvaluated forbidden = null;
    int n = 0;
    for (String node : nodes.stream().sorted().toList()) {
      if (++n > MAX_NODES) {
        failures.put(node, new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "more than " + MAX_NODES + " nodes; not read"));
        continue;
      }
      if (forbidden != null) {
        failures.put(node, forbidden);
        continue;
      }
      try {
        String body = client.raw(path(node), "GET", null);
        if (body == null) {
          failures.put(node, new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
              "configz not found (404): the node or its kubelet endpoint is gone"));
        } else {
          configs.put(node, body);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
          forbidden = new NotEvaluated(NotEvaluated.Reason.FORBIDDEN, "configz forbidden (" + e.getCode()
              + "): the credentials may not get nodes/proxy");
          failures.put(node, forbidden);
        } else {
          failures.put(node, new NotEvaluated(NotEvaluated.Reason.ERROR, "configz failed"
              + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + firstLine(e.getMessage())));
        }
      }
    }
    return new Round(configs, failures);
  }

  private static String firstLine(String s) {
    String line = s == null ? "no response" : s.lines().findFirst().orElse(s);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
