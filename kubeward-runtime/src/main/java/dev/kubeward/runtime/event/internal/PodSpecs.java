package dev.kubeward.runtime.event.internal;

import dev.kubeward.runtime.event.PodSpecSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds the pod spec in an API object (a Pod or a workload's template) and summarizes what detections ask about. */
public final class PodSpecs {
  private PodSpecs() {}

  /** The summary for an object of the given plural resource, or {@link PodSpecSummary#NONE} when it has no pod spec. */
  public static PodSpecSummary summarize(String resource, Map<String, Object> object) {
    Map<String, Object> spec = switch (resource) {
      case "pods" -> Fields.obj(object, "spec");
      case "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "replicationcontrollers" ->
          Fields.obj(object, "spec", "template", "spec");
      case "cronjobs" -> Fields.obj(object, "spec", "jobTemplate", "spec", "template", "spec");
      default -> Map.of();
    };
    if (spec.isEmpty()) {
      return PodSpecSummary.NONE;
    }
    boolean privileged = false;
    boolean escalation = false;
    List<String> caps = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (String group : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (Object c : Fields.list(spec, group)) {
        privileged |= Fields.bool(c, "securityContext", "privileged");
        escalation |= Fields.bool(c, "securityContext", "allowPrivilegeEscalation");
        for (String cap : Fields.strings(c, "securityContext", "capabilities", "add")) {
          String up = cap.toUpperCase(Locale.ROOT);
          caps.add(up.startsWith("CAP_") ? up.substring(4) : up);
        }
        String image = Fields.str(c, "image");
        if (!image.isEmpty()) {
          images.add(image);
        }
      }
    }
    List<String> hostPaths = new ArrayList<>();
    for (Object v : Fields.list(spec, "volumes")) {
      if (Fields.has(v, "hostPath")) {
        hostPaths.add(Fields.str(v, "hostPath", "path"));
      }
    }
    String sa = Fields.str(spec, "serviceAccountName");
    if (sa.isEmpty()) {
      sa = Fields.str(spec, "serviceAccount");
    }
    return new PodSpecSummary(Fields.bool(spec, "hostNetwork"), Fields.bool(spec, "hostPID"),
        Fields.bool(spec, "hostIPC"), privileged, escalation, hostPaths, caps, images, sa);
  }
}
