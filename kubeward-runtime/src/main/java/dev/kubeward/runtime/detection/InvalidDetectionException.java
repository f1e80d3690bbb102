package dev.kubeward.runtime.detection;

/** A detection file that cannot be used; the message names the file, the detection and the problem. */
public class InvalidDetectionException extends IllegalArgumentException {
  public InvalidDetectionException(String message) {
    super(message);
  }

  public InvalidDetectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
