package dev.kubeward.runtime.pipeline;

import dev.kubeward.runtime.alert.Alert;

/**
 * What recording a hit did to the alerts: created a new alert or merged into an existing one. Both go to streaming
 * destinations.
 *
 * @param change created or updated
 * @param alert the alert after the change
 */
public record AlertChange(Change change, Alert alert) {
  /** The kind of change. */
  public enum Change {
    CREATED("alert.created"),
    UPDATED("alert.updated");

    private final String eventType;

    Change(String eventType) {
      this.eventType = eventType;
    }

    /** The event type used in webhook payloads ({@code alert.created}). */
    public String eventType() {
      return eventType;
    }
  }
}
