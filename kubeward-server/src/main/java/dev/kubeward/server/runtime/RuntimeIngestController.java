package dev.kubeward.server.runtime;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where sensors post events: {@code POST /api/v1/ingest/runtime/{format}} with the cluster's ingestion token as a
 * bearer token. Formats: {@code kubernetes-audit} (the API server's audit webhook, {@code audit.k8s.io/v1}
 * EventList), {@code falco} (Falco's {@code http_output} or falcosidekick's webhook) and {@code tetragon} (JSON lines
 * of Tetragon's export). The answer is 202 once the whole batch is stored; 400/413/415 reject it whole; 429 with
 * {@code Retry-After} means the queue is full and nothing was kept.
 */
@RestController
@Tag(name = "Runtime ingestion", description = "Events from the audit webhook, Falco and Tetragon")
public class RuntimeIngestController {
  private final RuntimeIngestService ingest;

  public RuntimeIngestController(RuntimeIngestService ingest) {
    this.ingest = ingest;
  }

  /** What the server kept of a batch. */
  public record BatchAcceptedView(String batchId, String format, int events, long bytes) {}

  @PostMapping("/api/v1/ingest/runtime/{format}")
  @Operation(summary = "Post a batch of sensor events (ingestion token of the cluster)")
  public ResponseEntity<BatchAcceptedView> post(@PathVariable String format, HttpServletRequest request)
      throws IOException {
    KubewardPrincipal who = CurrentUser.get();
    if (who.kind() != KubewardPrincipal.Kind.INGESTION_TOKEN || who.clusterScope().isEmpty()) {
      throw ApiException.forbidden("events are posted with a cluster's ingestion token");
    }
    RuntimeIngestService.Accepted a = ingest.accept(who.clusterScope().get(), format, request.getInputStream(),
        request.getContentLengthLong());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new BatchAcceptedView(a.batchId(), a.format(), a.events(), a.bytes()));
  }

  @ExceptionHandler(RuntimeIngestService.Throttled.class)
  ResponseEntity<ProblemDetail> throttled(RuntimeIngestService.Throttled e) {
    ProblemDetail p = dev.kubeward.server.api.ApiExceptionHandler.problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", Long.toString(e.retryAfterSeconds()))
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
