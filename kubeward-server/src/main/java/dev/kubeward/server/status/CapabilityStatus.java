package dev.kubeward.server.status;

import java.time.Instant;
import java.util.Objects;

/**
 * How one capability stands for one cluster.
 *
 * @param capability stable id: {@code inventory}, {@code misconfigurations}, {@code vulnerabilities}, {@code sensor},
 *     {@code advisoryDatabase}, {@code compliance}, ...
 * @param label what the user reads ("Runtime sensor")
 * @param state the state
 * @param detail one sentence: why it is not OK, or what it did ("42 images scanned")
 * @param lastRun when it last ran or heard from the cluster, if ever
 */
public record CapabilityStatus(String capability, String label, State state, String detail, Instant lastRun) {
  public CapabilityStatus {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(state, "state");
    label = label == null ? capability : label;
    detail = detail == null ? "" : detail;
  }

  /** States shown by the dashboard, most reassuring first. */
  public enum State {
    /** Ran and is current. */
    OK,
    /** Has not run yet, or is running. */
    PENDING,
    /** Its data is older than allowed (advisory database, a silent sensor). */
    STALE,
    /** Could not check part or all of what it should (forbidden by RBAC, data missing); the detail says what. */
    NOT_EVALUATED,
    /** Its protection component is off in the settings. */
    COMPONENT_OFF,
    /** Failed; the detail says why. */
    FAILED
  }
}
