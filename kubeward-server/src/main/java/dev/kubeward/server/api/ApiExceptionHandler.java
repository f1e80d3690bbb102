package dev.kubeward.server.api;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure of an API call into {@code application/problem+json} with a message that names the problem.
 * Nothing here ever puts a stack trace or an exception class name into a response.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ProblemDetail handleApi(ApiException e) {
    return problem(e.status(), e.getMessage());
  }

  @ExceptionHandler(RequestTooLargeException.class)
  ProblemDetail handleTooLarge(RequestTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail handleIllegalArgument(IllegalArgumentException e) {
    // Domain parsers (Severity.parse, ControlRef.parse, ...) throw this with a user-facing message.
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ProblemDetail handleDuplicate(DuplicateKeyException e) {
    return problem(HttpStatus.CONFLICT, "an object with the same name already exists");
  }

  @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
  ProblemDetail handleDenied(RuntimeException e) {
    return problem(HttpStatus.FORBIDDEN, "your role does not allow this action");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail handleTypeMismatch(MethodArgumentTypeMismatchException e) {
    return problem(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'");
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail handleUnexpected(Exception e) {
    log.error("unexpected error while serving an API request", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details");
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Throwable cause = ex.getCause();
    while (cause != null && !(cause instanceof RequestTooLargeException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RequestTooLargeException tooLarge) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
    }
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, JsonErrors.describe(ex)));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String fields =
        ex.getBindingResult().getFieldErrors().stream()
            .map(f -> "'" + f.getField() + "' " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid request: " + fields));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String params =
        ex.getParameterValidationResults().stream()
            .map(r -> "'" + r.getMethodParameter().getParameterName() + "' "
                + r.getResolvableErrors().stream().map(e -> e.getDefaultMessage()).collect(Collectors.joining(", ")))
            .collect(Collectors.joining("; "));
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid request: " + params));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    // Spring's own handlers (405, 415, missing parameter, ...) already give a ProblemDetail; keep it, drop internals.
    if (body instanceof ProblemDetail pd && pd.getDetail() == null) {
      pd.setDetail(pd.getTitle());
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  /** A problem with the status's reason as title and {@code detail} as the message. */
  public static ProblemDetail problem(HttpStatus status, String detail) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setTitle(status.getReasonPhrase());
    return pd;
  }
}
