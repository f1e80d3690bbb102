package dev.kubeward.server.findings;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Findings of every kind: the findings bar, lists with filters, one finding, its history, status and owner. */
@RestController
@Tag(name = "Findings", description = "Alerts, vulnerable components, misconfigurations and failing controls")
public class FindingsController {
  private static final Set<String> PAGING = Set.of("limit", "cursor", "sort");

  private final FindingService findings;
  private final FindingDao dao;
  private final FindingCountsDao counts;
  private final WorkspaceService workspaces;
  private final JsonMapper json;

  public FindingsController(FindingService findings, FindingDao dao, FindingCountsDao counts,
      WorkspaceService workspaces, JsonMapper json) {
    this.findings = findings;
    this.dao = dao;
    this.counts = counts;
    this.workspaces = workspaces;
    this.json = json;
  }

  /** One kind in the findings bar. */
  public record KindBarView(String kind, String label, long open, HeadlineView headline, Map<String, Long> bySeverity,
      Map<String, Long> byRisk, long exempted, Map<String, Long> exemptedBySeverity, long resolved, long overdue,
      List<StandardView> standards) {}

  /** The headline of a kind, e.g. "3 High alerts". */
  public record HeadlineView(String basis, String level, long count, String text) {}

  /** Failing controls of one standard. */
  public record StandardView(String standardId, long failingControls) {}

  /** The findings bar of a cluster or workspace. */
  public record FindingsBarView(String scope, String id, List<KindBarView> kinds) {}

  /** A history entry. */
  public record ChangeView(Instant at, String actor, String field, String oldValue, String newValue, String comment) {}

  /** New status of a finding. */
  public record StatusRequest(@NotBlank String status, @Size(max = 4000) String comment) {}

  /** Owner (an e-mail address) and due date; without a due date one follows from the severity's grace period. */
  public record AssignmentRequest(@NotBlank @Size(max = 320) String owner, LocalDate dueDate,
      @Size(max = 4000) String comment) {}

  /** A due date; null clears it. */
  public record DueDateRequest(LocalDate dueDate, @Size(max = 4000) String comment) {}

  @GetMapping("/api/v1/clusters/{id}/findings-bar")
  @Operation(summary = "Findings bar of a cluster: per kind the most urgent count and counts by severity and risk")
  public FindingsBarView clusterBar(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    return bar("cluster", id, List.of(id));
  }

  @GetMapping("/api/v1/workspaces/{id}/findings-bar")
  @Operation(summary = "Findings bar of a workspace: its clusters' counts added up")
  public FindingsBarView workspaceBar(@PathVariable String id) {
    return bar("workspace", id, workspaceClusters(id));
  }

  @GetMapping("/api/v1/clusters/{id}/findings")
  @Operation(summary = "Findings of a cluster, filtered, sorted (severity, risk, dueDate, firstSeen, updatedAt, title;"
      + " '-' for descending) and paged with a cursor")
  public Page<FindingView> clusterFindings(@PathVariable String id, @ParameterObject FindingQuery query,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String sort, HttpServletRequest request) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    return list(List.of(id), query, limit, cursor, sort, request);
  }

  @GetMapping("/api/v1/workspaces/{id}/findings")
  @Operation(summary = "Findings of every cluster of a workspace, filtered, sorted and paged")
  public Page<FindingView> workspaceFindings(@PathVariable String id, @ParameterObject FindingQuery query,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String sort, HttpServletRequest request) {
    return list(workspaceClusters(id), query, limit, cursor, sort, request);
  }

  @GetMapping("/api/v1/findings/{id}")
  @Operation(summary = "One finding")
  public FindingView get(@PathVariable long id) {
    return FindingView.of(findings.get(CurrentUser.get(), id), findings.today(), json);
  }

  @GetMapping("/api/v1/findings/{id}/history")
  @Operation(summary = "Every change of a finding, oldest first: who, when, old and new value, comment")
  public List<ChangeView> history(@PathVariable long id) {
    return findings.history(CurrentUser.get(), id).stream()
        .map(c -> new ChangeView(c.at(), c.actor(), c.field(), c.oldValue(), c.newValue(), c.comment()))
        .toList();
  }

  @PutMapping("/api/v1/findings/{id}/status")
  @Operation(summary = "Change the status (recommendations: contributor; alerts: securityAdmin)")
  public FindingView changeStatus(@PathVariable long id, @Valid @RequestBody StatusRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    FindingStatus to = FindingStatus.parse(body.status());
    FindingService.throwIfFailed(findings.changeStatus(who, List.of(id), to, body.comment()).get(0));
    return get(id);
  }

  @PutMapping("/api/v1/findings/{id}/assignment")
  @Operation(summary = "Assign an owner and a due date (contributor)")
  public FindingView assign(@PathVariable long id, @Valid @RequestBody AssignmentRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    FindingService.throwIfFailed(findings.assign(who, List.of(id), body.owner(), body.dueDate(), body.comment()).get(0));
    return get(id);
  }

  @PutMapping("/api/v1/findings/{id}/due-date")
  @Operation(summary = "Set or clear the due date (contributor)")
  public FindingView setDueDate(@PathVariable long id, @Valid @RequestBody DueDateRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    FindingService.throwIfFailed(findings.setDueDate(who, List.of(id), body.dueDate(), body.comment()).get(0));
    return get(id);
  }

  private Page<FindingView> list(List<String> clusterIds, FindingQuery query, Integer limit, String cursor,
      String sort, HttpServletRequest request) {
    FindingQuery.requireKnown(request.getParameterMap().keySet(), PAGING);
    FindingFilter filter = query.toFilter();
    PageRequest page = PageRequest.of(limit, cursor, sort, FindingSql.SORTABLE);
    LocalDate today = findings.today();
    return Page.of(dao.page(clusterIds, filter, today, page), page, f -> FindingSql.sortValue(page.sort(), f),
            f -> String.valueOf(f.id()))
        .map(f -> FindingView.of(f, today, json));
  }

  /** The clusters of a workspace the caller may see; 404 for an unknown workspace. */
  List<String> workspaceClusters(String workspaceId) {
    workspaces.workspace(workspaceId);
    KubewardPrincipal who = CurrentUser.get();
    List<String> ids = findings.visibleClusters(who, workspaceId);
    if (who.clusterScope().isPresent() && ids.isEmpty()) {
      throw ApiException.forbidden("this token is scoped to a cluster of another workspace");
    }
    return ids;
  }

  private FindingsBarView bar(String scope, String id, List<String> clusterIds) {
    FindingsBar bar = FindingsBar.of(counts.counts(clusterIds), counts.overdue(clusterIds, findings.today()));
    List<KindBarView> kinds = bar.kinds().stream().map(k -> new KindBarView(FindingEnums.kind(k.kind()),
        k.kind().tab(), k.open(),
        k.headline() == null ? null
            : new HeadlineView(k.headline().basis(), k.headline().level(), k.headline().count(), k.headline().text()),
        names(k.bySeverity()), names(k.byRisk()), k.exempted(), names(k.exemptedBySeverity()), k.resolved(),
        k.overdue(), k.standards().stream().map(s -> new StandardView(s.standardId(), s.failing())).toList()))
        .toList();
    return new FindingsBarView(scope, id, kinds);
  }

  private static Map<String, Long> names(Map<? extends Enum<?>, Long> m) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }
}
