package dev.kubeward.server.posture;

import dev.kubeward.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Reads a cluster's misconfiguration findings through the REST API, the way the dashboard does (every page). */
final class Misconfigurations {
  private Misconfigurations() {}

  /** Every misconfiguration of the cluster with one of the statuses ("open", "resolved", ...; none: any). */
  static List<JsonNode> of(ApiClient client, String clusterId, String statuses) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/v1/clusters/" + clusterId + "/findings?kind=misconfiguration&limit=500"
          + (statuses == null ? "" : "&status=" + statuses) + (cursor == null ? "" : "&cursor=" + cursor);
      ApiClient.Response r = client.get(path);
      if (r.status() != 200) {
        throw new AssertionError(path + " -> " + r);
      }
      JsonNode page = r.json();
      page.get("items").forEach(out::add);
      cursor = page.path("nextCursor").isMissingNode() || page.path("nextCursor").isNull() ? null
          : page.get("nextCursor").asString();
    } while (cursor != null);
    return out;
  }

  /** The open ones, as "RULE Kind/namespace/name[/container]" lines. */
  static List<String> openKeys(ApiClient client, String clusterId) {
    return of(client, clusterId, "open").stream().map(Misconfigurations::describe).sorted().collect(Collectors.toList());
  }

  static String describe(JsonNode f) {
    String ns = f.path("namespace").asString("");
    String container = f.path("container").asString("");
    return f.get("ruleId").asString() + " " + f.get("resourceKind").asString() + "/" + (ns.isEmpty() ? "" : ns + "/")
        + f.get("resourceName").asString() + (container.isEmpty() ? "" : "/" + container);
  }

  /** The one open finding of a rule on a resource ("Kind/namespace/name"). */
  static JsonNode find(ApiClient client, String clusterId, String ruleId, String resource) {
    return of(client, clusterId, "open").stream()
        .filter(f -> f.get("ruleId").asString().equals(ruleId) && describe(f).split(" ")[1].startsWith(resource))
        .findFirst().orElseThrow(() -> new AssertionError("no open " + ruleId + " on " + resource + " among "
            + openKeys(client, clusterId)));
  }
}
