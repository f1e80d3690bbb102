package dev.kubeward.runtime.pipeline;

import dev.kubeward.runtime.event.Actor;
import dev.kubeward.runtime.event.ApiRequest;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.PodSpecSummary;
import dev.kubeward.runtime.event.RawRef;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.SensorFinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Harmless events that travel the whole pipeline (detection, alert, suppression, streaming) and come out as a clearly
 * labelled Informational alert, so users can check that alerts reach their SIEM. The built-in detection
 * {@value #DETECTION_ID} turns them into alerts; each request gives its own alert.
 */
public final class TestAlerts {
  /** The detection that raises test alerts. */
  public static final String DETECTION_ID = "kubeward-test-alert";
  /** The sensor rule name the test event carries. */
  public static final String RULE = "kubeward-test-alert";

  private TestAlerts() {}

  /**
   * The test event for one request.
   *
   * @param cluster the cluster id the alert is for
   * @param requestedBy who asked (account name)
   * @param requestId unique id of the request (so each request gives a new alert)
   * @param now when
   */
  public static RuntimeEvent event(String cluster, String requestedBy, String requestId, Instant now) {
    String message = "Test alert requested by " + requestedBy + " to check alert routing. No action is needed.";
    return RuntimeEvent.builder("kubeward:test:" + requestId, EventSource.KUBEWARD, EventKind.TEST, now)
        .cluster(cluster)
        .user(new Actor(requestedBy, "", List.of(), ""))
        .api(new ApiRequest(requestId, "", "create", "testalerts", "", "kubeward.dev", "v1", "", requestId, "", 0,
            "", true, "kubeward", List.of(), Map.of(), PodSpecSummary.NONE))
        .sensor(new SensorFinding(RULE, "Informational", List.of("test"), message, Map.of()))
        .raw(new RawRef("kubeward", "test-alert", 0))
        .build();
  }
}
