package dev.kubeward.server.admission;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.ClusterDao;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/clusters/{id}/admission/decisions}: what gated deployment denied, what audit mode would have
 * denied, and fallback answers, newest first ({@code mode=audit|enforce|fallback}, {@code before} = the last id seen).
 */
@RestController
public class AdmissionDecisionsController {
  private final AdmissionDecisionDao decisions;
  private final ClusterDao clusters;

  public AdmissionDecisionsController(AdmissionDecisionDao decisions, ClusterDao clusters) {
    this.decisions = decisions;
    this.clusters = clusters;
  }

  /**
   * A page of decisions.
   *
   * @param items newest first
   * @param nextBefore pass as {@code before} for the next page; absent on the last page
   */
  public record DecisionPage(List<AdmissionRecord> items, Long nextBefore) {}

  @GetMapping("/api/v1/clusters/{id}/admission/decisions")
  public DecisionPage list(@PathVariable String id, @RequestParam Optional<String> mode,
      @RequestParam Optional<Long> before, @RequestParam(defaultValue = "50") int limit) {
    CurrentUser.require(Role.READER);
    CurrentUser.requireCluster(id);
    clusters.find(id).orElseThrow(() -> ApiException.notFound("cluster", id));
    if (mode.isPresent() && !List.of("audit", "enforce", "fallback").contains(mode.get())) {
      throw ApiException.badRequest("mode must be audit, enforce or fallback");
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.badRequest("limit must be between 1 and 500");
    }
    List<AdmissionRecord> items = decisions.list(id, mode, before, limit);
    Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
    return new DecisionPage(items, next);
  }
}
