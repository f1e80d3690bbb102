package dev.kubeward.runtime.event;

import java.util.List;
import java.util.Map;

/**
 * One Kubernetes API request, from an audit event.
 *
 * @param auditId the API server's audit id (the same for every stage of one request)
 * @param stage {@code RequestReceived}, {@code ResponseStarted}, {@code ResponseComplete} or {@code Panic}
 * @param verb {@code create}, {@code get}, {@code list}, {@code watch}, {@code update}, {@code patch}, {@code delete},
 *     {@code deletecollection}, or a non-resource verb
 * @param resource plural resource ({@code pods}), or "" for non-resource requests
 * @param subresource {@code exec}, {@code attach}, {@code status}, ... or ""
 * @param apiGroup API group ("" for the core group)
 * @param apiVersion API version
 * @param namespace namespace of the object, or ""
 * @param name object name, or "" (list, create without a name)
 * @param requestUri the request URI
 * @param responseCode HTTP status of the response, or 0 when the stage has none yet
 * @param decision the authorizer's decision annotation ({@code allow}, {@code forbid}) or ""
 * @param allowed true when the request was authorized: the decision says allow, or, without one, the response code is
 *     below 400
 * @param userAgent the client's user agent
 * @param sourceIps client addresses, the first being the original client
 * @param object the request body (or, when absent, the response body) as plain maps and lists with Long/Double
 *     numbers; Secret and ConfigMap data values are replaced by {@code <redacted>} or a
 *     {@code <redacted:KIND>} marker ({@code private-key}, {@code aws-access-key}, {@code jwt}, {@code password})
 * @param podSpec the pod spec summary when the object holds a pod spec, else {@link PodSpecSummary#NONE}
 */
public record ApiRequest(
    String auditId,
    String stage,
    String verb,
    String resource,
    String subresource,
    String apiGroup,
    String apiVersion,
    String namespace,
    String name,
    String requestUri,
    int responseCode,
    String decision,
    boolean allowed,
    String userAgent,
    List<String> sourceIps,
    Map<String, Object> object,
    PodSpecSummary podSpec) {

  /** Not an API request. */
  public static final ApiRequest NONE =
      new ApiRequest("", "", "", "", "", "", "", "", "", "", 0, "", false, "", List.of(), Map.of(), PodSpecSummary.NONE);

  public ApiRequest {
    auditId = nz(auditId);
    stage = nz(stage);
    verb = nz(verb);
    resource = nz(resource);
    subresource = nz(subresource);
    apiGroup = nz(apiGroup);
    apiVersion = nz(apiVersion);
    namespace = nz(namespace);
    name = nz(name);
    requestUri = nz(requestUri);
    decision = nz(decision);
    userAgent = nz(userAgent);
    sourceIps = sourceIps == null ? List.of() : List.copyOf(sourceIps);
    object = object == null ? Map.of() : object;
    podSpec = podSpec == null ? PodSpecSummary.NONE : podSpec;
  }

  /** {@code resource} or {@code resource/subresource}. */
  public String resourcePath() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
