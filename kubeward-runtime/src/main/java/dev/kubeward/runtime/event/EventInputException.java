package dev.kubeward.runtime.event;

import java.util.Objects;

/**
 * Input that cannot be accepted: the whole batch (or file) is rejected and nothing of it is kept. The message names
 * the input and, where it can, the position ("batch b-17, line 3, column 14: ...").
 *
 * <p>Suggested HTTP mapping for ingestion endpoints: {@link Reason#TOO_LARGE} and {@link Reason#TOO_MANY_EVENTS} 413,
 * {@link Reason#UNSUPPORTED_FORMAT} 404 or 415, everything else 400.
 */
public class EventInputException extends Exception {
  private final Reason reason;

  public EventInputException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public EventInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the input was rejected. */
  public Reason reason() {
    return reason;
  }

  /** Categories of rejected input, for counting and for the HTTP status. */
  public enum Reason {
    /** Not JSON, truncated, or JSON of the wrong shape (an array where an object belongs, a missing field). */
    MALFORMED,
    /** Well-formed, but an event type the format does not know (a Tetragon {@code process_foo}, an audit PodList). */
    UNKNOWN_EVENT_TYPE,
    /** More bytes than the limit, for the batch or for one event; also nesting deeper than the limit. */
    TOO_LARGE,
    /** More events in one batch than the limit. */
    TOO_MANY_EVENTS,
    /** No event format with the requested id, or a file whose format could not be recognised. */
    UNSUPPORTED_FORMAT
  }
}
