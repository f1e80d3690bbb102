package dev.kubeward.runtime;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.NetworkPeer;
import dev.kubeward.runtime.event.ProcessInfo;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events and hits built in code for unit tests of alerts, suppression, incidents and SIEM output. */
public final class TestEvents {
  public static final DetectionCatalog CATALOG = DetectionCatalog.builtIn();

  private TestEvents() {}

  /** A process start in a pod of a Deployment. */
  public static RuntimeEvent exec(String id, String pod, String exe, String args, Instant t) {
    String workload = pod.replaceAll("-[a-z0-9]+-[a-z0-9]+$", "");
    return RuntimeEvent.builder(id, EventSource.TETRAGON, EventKind.PROCESS_START, t)
        .cluster("prod").namespace("shop").pod(pod).podLabels(Map.of("app", workload))
        .workload(new WorkloadRef("Deployment", workload)).container("web").containerId("c0ffee")
        .image("registry.example.com/shop/web:1.4").node("node-1").user(new Actor("root", "0", List.of(), ""))
        .process(new ProcessInfo(100, exe, null, null, args, "/", 0, "root", null, "", false, false, false, List.of(),
            List.of()))
        .build();
  }

  /** An outbound connection from a pod. */
  public static RuntimeEvent connect(String id, String pod, String ip, int port, Instant t) {
    return exec(id, pod, "/usr/bin/curl", "", t).toBuilder().kind(EventKind.NETWORK_CONNECT)
        .network(new NetworkPeer("TCP", "10.244.0.5", 40000, ip, port, "", "outbound")).build();
  }

  /** The hits of the built-in detections for an event (fresh engine). */
  public static List<DetectionHit> hits(RuntimeEvent e) {
    return DetectionEngine.builder(CATALOG).build().process(e);
  }

  /** The hit of one detection for an event. */
  public static DetectionHit hit(String detectionId, RuntimeEvent e) {
    return hits(e).stream().filter(h -> h.detection().id().equals(detectionId)).findFirst()
        .orElseThrow(() -> new AssertionError(detectionId + " did not fire on " + e.id()));
  }

  /** An alert for a hit of one detection. */
  public static Alert alert(String id, String detectionId, RuntimeEvent e) {
    return Alert.open(hit(detectionId, e), id);
  }
}
