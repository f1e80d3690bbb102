package dev.kubeward.server.admission;

import java.util.List;
import java.util.Map;

/**
 * The parts of an AdmissionReview v1 request that admission looks at.
 *
 * @param uid echoed in the response, as the API server requires
 * @param kind the object's kind ({@code Deployment})
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param object the object as it would be stored (null for DELETE)
 * @param images the container images of its pod template, in order, without duplicates
 */
public record AdmissionRequest(String uid, String kind, String namespace, String name, String operation,
    boolean dryRun, Map<String, Object> object, List<String> images) {

  /** The kinds admission evaluates; others are allowed untouched. */
  public static final List<String> KINDS =
      List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet");

  /** Whether this request is one admission has an opinion on. */
  public boolean evaluated() {
    return object != null && KINDS.contains(kind) && (operation.equals("CREATE") || operation.equals("UPDATE"));
  }
}
