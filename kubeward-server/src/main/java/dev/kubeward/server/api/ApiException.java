package dev.kubeward.server.api;

import org.springframework.http.HttpStatus;

/**
 * An error whose message is safe and useful to show to the API caller. Thrown by services; turned into a problem
 * response by {@link ApiExceptionHandler}.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;

  public ApiException(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the caller gets. */
  public HttpStatus status() {
    return status;
  }

  /** 404 for an id that does not exist: "workspace 'abc' not found". */
  public static ApiException notFound(String what, String id) {
    return new ApiException(HttpStatus.NOT_FOUND, what + " '" + id + "' not found");
  }

  /** 400 for input that is well-formed JSON but not acceptable. */
  public static ApiException badRequest(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, message);
  }

  /** 409 for a request that clashes with existing state (duplicate name). */
  public static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, message);
  }

  /** 403 for an action the caller's role or token scope does not allow. */
  public static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, message);
  }
}
