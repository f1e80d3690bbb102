package dev.kubeward.server.findings.exceptions;

import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Exceptions (exemptions): {@code /api/v1/exceptions}. Contributor or above may add and revoke them. */
@RestController
@Tag(name = "Exceptions", description = "Accepted findings, with a reason, an author and an optional expiry")
public class ExceptionController {
  private final ExceptionService exceptions;
  private final java.time.Clock clock;

  public ExceptionController(ExceptionService exceptions, java.time.Clock clock) {
    this.exceptions = exceptions;
    this.clock = clock;
  }

  /**
   * A new exception: a scope (cluster, namespace, workload, image digest, package, rule/CVE/control; unset fields match
   * anything) or explicit {@code findingIds}.
   *
   * @param reason component_not_present, vulnerable_code_not_present, code_not_reachable,
   *     cannot_be_controlled_by_adversary, mitigated, not_affected, accepted_risk, false_positive
   */
  public record ExceptionRequest(String workspaceId, String clusterId, String kind, @Size(max = 253) String namespace,
      @Size(max = 253) String workload, @Size(max = 100) String imageDigest, @Size(max = 300) String packageName,
      @Size(max = 300) String ruleId, @Size(max = 10000) List<Long> findingIds, @NotBlank String reason,
      @NotBlank @Size(max = 4000) String justification, Instant expiresAt) {

    ExceptionService.Scope scope() {
      return new ExceptionService.Scope(workspaceId, clusterId,
          kind == null || kind.isBlank() ? null : FindingEnums.parseKind(kind), namespace, workload, imageDigest,
          packageName, ruleId);
    }
  }

  /** An exception as the API shows it. */
  public record ExceptionView(String id, String workspaceId, String clusterId, String kind, String namespace,
      String workload, String imageDigest, String packageName, String ruleId, boolean pinned, String reason,
      String vexJustification, String justification, String createdBy, Instant createdAt, Instant expiresAt,
      boolean active, Instant endedAt, String endedBy, String endedReason, Integer exemptedNow) {

    public static ExceptionView of(FindingException e, Instant now, Integer exempted) {
      return new ExceptionView(e.id(), e.workspaceId(), e.clusterId(),
          e.kind() == null ? null : FindingEnums.kind(e.kind()), e.namespace(), e.workload(), e.imageDigest(),
          e.packageName(), e.ruleId(), e.pinned(), e.reason().apiName(), e.reason().vexJustification(),
          e.justification(), e.createdBy(), e.createdAt(), e.expiresAt(), e.activeAt(now), e.endedAt(), e.endedBy(),
          e.endedReason(), exempted);
    }
  }

  @PostMapping("/api/v1/exceptions")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add an exception; covered open findings become exempted at once (contributor)")
  public ExceptionView create(@Valid @RequestBody ExceptionRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    ExceptionService.Created c = exceptions.create(who, body.scope(), body.findingIds(),
        ExceptionReason.parse(body.reason()), body.justification(), body.expiresAt());
    return ExceptionView.of(c.exception(), clock.instant(), c.exempted());
  }

  @GetMapping("/api/v1/workspaces/{id}/exceptions")
  @Operation(summary = "Exceptions of a workspace (optionally of one cluster), newest first")
  public List<ExceptionView> list(@PathVariable String id, @RequestParam(required = false) String clusterId,
      @RequestParam(defaultValue = "false") boolean includeEnded,
      @RequestParam(defaultValue = "200") int limit) {
    if (limit < 1 || limit > 1000) {
      throw dev.kubeward.server.api.ApiException.badRequest("'limit' must be between 1 and 1000, was " + limit);
    }
    Instant now = clock.instant();
    return exceptions.list(CurrentUser.get(), id, Optional.ofNullable(clusterId), includeEnded, limit).stream()
        .map(e -> ExceptionView.of(e, now, null)).toList();
  }

  @GetMapping("/api/v1/exceptions/{id}")
  @Operation(summary = "One exception")
  public ExceptionView get(@PathVariable String id) {
    return ExceptionView.of(exceptions.get(CurrentUser.get(), id), clock.instant(), null);
  }

  @DeleteMapping("/api/v1/exceptions/{id}")
  @Operation(summary = "Revoke an exception; its findings reopen (contributor)")
  public ExceptionView revoke(@PathVariable String id) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    return ExceptionView.of(exceptions.revoke(who, id), clock.instant(), null);
  }
}
