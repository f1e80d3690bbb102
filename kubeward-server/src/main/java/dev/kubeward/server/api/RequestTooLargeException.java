package dev.kubeward.server.api;

import java.io.IOException;

/** A request body went past the configured size limit; answered with 413. */
public class RequestTooLargeException extends IOException {
  public RequestTooLargeException(long limit) {
    super("request body is larger than the limit of " + limit + " bytes");
  }
}
