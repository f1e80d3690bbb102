package dev.kubeward.runtime.siem;

/** A delivery to a destination failed; {@link #retryable()} tells the outbox whether to try again later. */
public class DeliveryException extends Exception {
  private final boolean retryable;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when the same delivery may succeed later (destination down, timeout, 5xx, 429). */
  public boolean retryable() {
    return retryable;
  }
}
