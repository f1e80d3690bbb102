package dev.kubeward.server.admission;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.workspace.ClusterDao;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The validating admission webhook: {@code POST /admission/v1/clusters/{clusterId}/validate} with an AdmissionReview
 * v1 body, answered with an AdmissionReview carrying the request's uid, allowed, a status message when denied, and
 * warnings. The caller is the cluster's API server, authenticated with that cluster's ingestion token (a bearer
 * token configured in the API server's admission kubeconfig); a token of another cluster is refused. A malformed
 * review is a 400 problem — the API server then applies the webhook's {@code failurePolicy}.
 */
@RestController
public class AdmissionController {
  /** Largest review read: an object of etcd's 1.5 MiB limit, twice (object and oldObject), plus the envelope. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private final AdmissionService service;
  private final ClusterDao clusters;
  private final JsonMapper json;

  public AdmissionController(AdmissionService service, ClusterDao clusters, JsonMapper json) {
    this.service = service;
    this.clusters = clusters;
    this.json = json;
  }

  @PostMapping(path = "/admission/v1/clusters/{clusterId}/validate", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> validate(@PathVariable String clusterId, HttpServletRequest http) throws IOException {
    KubewardPrincipal caller = CurrentUser.get();
    if (caller.kind() != KubewardPrincipal.Kind.INGESTION_TOKEN || !caller.clusterScope().orElse("").equals(clusterId)) {
      throw ApiException.forbidden("admission reviews for this cluster need its ingestion token");
    }
    if (!service.knows(clusterId) && clusters.find(clusterId).isEmpty()) {
      throw ApiException.notFound("cluster", clusterId);
    }
    AdmissionRequest request = parse(read(http));
    AdmissionDecision d = service.decide(clusterId, request);
    return review(request.uid(), d);
  }

  private String read(HttpServletRequest http) throws IOException {
    if (http.getContentLengthLong() > MAX_BODY) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "an AdmissionReview may be at most " + MAX_BODY + " bytes");
    }
    try (InputStream in = http.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "an AdmissionReview may be at most " + MAX_BODY + " bytes");
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads an AdmissionReview v1; anything else is a 400 saying what is wrong. The body is parsed once, into the maps
   * the posture rules' CEL evaluates, and everything else is read from those maps.
   */
  AdmissionRequest parse(String body) {
    Object root;
    try {
      root = json.readValue(body, Object.class);
    } catch (JacksonException e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    if (!(root instanceof Map<?, ?> review)) {
      throw ApiException.badRequest("expected an AdmissionReview object");
    }
    if (!"admission.k8s.io/v1".equals(text(review, "apiVersion")) || !"AdmissionReview".equals(text(review, "kind"))) {
      throw ApiException.badRequest("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got '"
          + text(review, "apiVersion") + "' '" + text(review, "kind") + "'");
    }
    if (!(review.get("request") instanceof Map<?, ?> req)) {
      throw ApiException.badRequest("the AdmissionReview has no request");
    }
    String uid = text(req, "uid");
    if (uid.isEmpty() || uid.length() > 100) {
      throw ApiException.badRequest("request.uid is missing or longer than 100 characters");
    }
    String kind = req.get("kind") instanceof Map<?, ?> k ? text(k, "kind") : "";
    if (kind.isEmpty()) {
      throw ApiException.badRequest("request.kind.kind is missing");
    }
    String operation = text(req, "operation");
    if (!List.of("CREATE", "UPDATE", "DELETE", "CONNECT").contains(operation)) {
      throw ApiException.badRequest("request.operation must be CREATE, UPDATE, DELETE or CONNECT, got '" + operation + "'");
    }
    Object object = req.get("object");
    Map<String, Object> tree = null;
    if (object != null) {
      if (!(object instanceof Map<?, ?>)) {
        throw ApiException.badRequest("request.object must be an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) object;
      tree = m;
    } else if (operation.equals("CREATE") || operation.equals("UPDATE")) {
      throw ApiException.badRequest("request.object is missing for " + operation);
    }
    String namespace = text(req, "namespace");
    String name = text(req, "name");
    if (name.isEmpty() && tree != null && tree.get("metadata") instanceof Map<?, ?> meta) {
      name = firstNonEmpty(text(meta, "name"), text(meta, "generateName"));
    }
    boolean dryRun = Boolean.TRUE.equals(req.get("dryRun"));
    return new AdmissionRequest(uid, kind, namespace, name, operation, dryRun, tree,
        tree == null ? List.of() : images(kind, tree));
  }

  /** The images of the pod template of a Pod or workload. */
  static List<String> images(String kind, Map<?, ?> object) {
    Map<?, ?> podSpec = switch (kind) {
      case "Pod" -> path(object, "spec");
      case "CronJob" -> path(object, "spec", "jobTemplate", "spec", "template", "spec");
      default -> path(object, "spec", "template", "spec");
    };
    Set<String> out = new LinkedHashSet<>();
    for (String type : List.of("initContainers", "containers", "ephemeralContainers")) {
      if (podSpec.get(type) instanceof List<?> list) {
        for (Object c : list) {
          if (c instanceof Map<?, ?> container && container.get("image") instanceof String image
              && !image.isBlank()) {
            out.add(image.trim());
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The map at a path of object fields, or an empty map where the path does not lead to one. */
  private static Map<?, ?> path(Map<?, ?> root, String... fields) {
    Map<?, ?> at = root;
    for (String f : fields) {
      if (!(at.get(f) instanceof Map<?, ?> next)) {
        return Map.of();
      }
      at = next;
    }
    return at;
  }

  private Map<String, Object> review(String uid, AdmissionDecision d) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("uid", uid);
    response.put("allowed", d.allowed());
    if (!d.allowed()) {
      response.put("status", Map.of("code", 403, "reason", "Forbidden",
          "message", message(d.denyReasons())));
    }
    if (!d.warnings().isEmpty()) {
      response.put("warnings", d.warnings().size() <= 20 ? d.warnings()
          : List.copyOf(concat(d.warnings().subList(0, 19), "… " + (d.warnings().size() - 19) + " more warnings")));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiVersion", "admission.k8s.io/v1");
    out.put("kind", "AdmissionReview");
    out.put("response", response);
    return out;
  }

  /** The denial shown by kubectl: every reason, within what an event or a status comfortably holds. */
  private static String message(List<String> reasons) {
    String m = "Kubeward denied this: " + String.join("; ", reasons);
    return m.length() <= 2000 ? m : m.substring(0, 1999) + "…";
  }

  private static List<String> concat(List<String> head, String last) {
    List<String> out = new ArrayList<>(head);
    out.add(last);
    return out;
  }

  private static String text(Map<?, ?> node, String field) {
    return node.get(field) instanceof String v ? v : "";
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
