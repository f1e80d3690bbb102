package dev.kubeward.server.jobs;

/**
 * Thrown by a handler when trying again cannot help (a malformed payload, an image that no longer exists): the job
 * becomes dead at once with this message as its reason. Any other exception is retried with backoff.
 */
public class PermanentJobFailure extends RuntimeException {
  public PermanentJobFailure(String message) {
    super(message);
  }

  public PermanentJobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
