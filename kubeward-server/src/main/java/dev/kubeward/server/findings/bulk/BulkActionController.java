package dev.kubeward.server.findings.bulk;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.findings.Finding;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingQuery;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.findings.FindingService.ItemResult;
import dev.kubeward.server.findings.FindingService.Outcome;
import dev.kubeward.server.findings.FindingStatus;
import dev.kubeward.server.findings.exceptions.ExceptionReason;
import dev.kubeward.server.findings.exceptions.ExceptionService;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/findings/bulk}: one action on many findings, chosen by ids or by the current filter, in one
 * transaction, with a result per finding.
 */
@RestController
@Tag(name = "Findings")
public class BulkActionController {
  private final FindingService findings;
  private final FindingDao dao;
  private final ExceptionService exceptions;
  private final WorkspaceService workspaces;
  private final TransactionTemplate tx;

  public BulkActionController(FindingService findings, FindingDao dao, ExceptionService exceptions,
      WorkspaceService workspaces, PlatformTransactionManager transactions) {
    this.findings = findings;
    this.dao = dao;
    this.exceptions = exceptions;
    this.workspaces = workspaces;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * A bulk action.
   *
   * @param action assignOwner, setDueDate, changeStatus or addException
   * @param ids the findings, at most 10,000; or
   * @param filter the findings matching a filter in one cluster or workspace
   * @param exception for addException: reason, justification and expiry
   */
  public record BulkRequest(@NotBlank String action, @Size(max = FindingService.MAX_BULK) List<Long> ids,
      BulkFilter filter, @Size(max = 320) String owner, LocalDate dueDate, String status,
      @Size(max = 4000) String comment, ExceptionBody exception) {}

  /** The current filter of a list, and the cluster or workspace it applies to. */
  public record BulkFilter(String clusterId, String workspaceId, String kind, List<String> severity, List<String> risk,
      List<String> status, String owner, String namespace, String workload, String image, String rule, String source,
      String dueBefore, String dueAfter, Boolean overdue) {
    FindingQuery query() {
      return new FindingQuery(kind, severity, risk, status, owner, namespace, workload, image, rule, source, dueBefore,
          dueAfter, overdue == null ? null : overdue.toString());
    }
  }

  /** The exception added by addException. */
  public record ExceptionBody(@NotBlank String reason, @NotBlank @Size(max = 4000) String justification,
      Instant expiresAt) {}

  /** One finding's result. */
  public record ItemView(long id, String outcome, String message) {}

  /** What the action did. */
  public record BulkResult(String action, int selected, int changed, int unchanged, int failed, String exceptionId,
      List<ItemView> items) {}

  @PostMapping("/api/v1/findings/bulk")
  @Operation(summary = "Assign an owner, set a due date, change the status or add an exception for many findings,"
      + " chosen by ids or by filter; one transaction, one result per finding")
  public BulkResult bulk(@Valid @RequestBody BulkRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    if ((body.ids() == null) == (body.filter() == null)) {
      throw ApiException.badRequest("give either 'ids' or 'filter'");
    }
    FindingService.Selection selection = body.ids() != null ? FindingService.Selection.ofIds(body.ids())
        : FindingService.Selection.ofFilter(scope(who, body.filter()), body.filter().query().toFilter());
    String action = body.action();
    // Validate the action's own fields before touching anything.
    switch (action) {
      case "assignOwner" -> require(body.owner(), "owner", action);
      case "setDueDate" -> { }
      case "changeStatus" -> FindingStatus.parse(require(body.status(), "status", action));
      case "addException" -> {
        if (body.exception() == null) {
          throw ApiException.badRequest("action 'addException' needs an 'exception' with reason and justification");
        }
        ExceptionReason.parse(body.exception().reason());
      }
      default -> throw ApiException.badRequest("unknown action '" + action
          + "'; expected one of assignOwner, setDueDate, changeStatus, addException");
    }
    String[] exceptionId = new String[1];
    List<ItemResult> results = tx.execute(status -> {
      List<Long> ids = findings.resolve(selection);
      return switch (action) {
        case "assignOwner" -> findings.assign(who, ids, body.owner(), body.dueDate(), body.comment());
        case "setDueDate" -> findings.setDueDate(who, ids, body.dueDate(), body.comment());
        case "changeStatus" -> findings.changeStatus(who, ids, FindingStatus.parse(body.status()), body.comment());
        default -> addException(who, ids, body.exception(), exceptionId);
      };
    });
    int changed = 0;
    int unchanged = 0;
    List<ItemView> items = new ArrayList<>(results.size());
    for (ItemResult r : results) {
      if (r.outcome() == Outcome.CHANGED) changed++;
      if (r.outcome() == Outcome.UNCHANGED) unchanged++;
      items.add(new ItemView(r.id(), r.outcome().name().toLowerCase(java.util.Locale.ROOT), r.message()));
    }
    return new BulkResult(action, results.size(), changed, unchanged, results.size() - changed - unchanged,
        exceptionId[0], items);
  }

  /** One pinned exception over every selected finding the caller may reach. */
  private List<ItemResult> addException(KubewardPrincipal who, List<Long> ids, ExceptionBody body, String[] idOut) {
    Map<Long, Finding> found = new HashMap<>();
    dao.byIds(ids).forEach(f -> found.put(f.id(), f));
    List<ItemResult> results = new ArrayList<>();
    List<Long> covered = new ArrayList<>();
    for (Long id : ids) {
      Finding f = found.get(id);
      if (f == null) {
        results.add(new ItemResult(id, Outcome.NOT_FOUND, "finding '" + id + "' not found"));
      } else if (!who.mayAccessCluster(f.clusterId())) {
        results.add(new ItemResult(id, Outcome.FORBIDDEN, "this token is scoped to another cluster"));
      } else if (f.status() == FindingStatus.EXEMPTED) {
        results.add(new ItemResult(id, Outcome.UNCHANGED, "already exempted by exception " + f.exceptionId()));
      } else {
        covered.add(id);
        results.add(new ItemResult(id, Outcome.CHANGED, f.status().unresolved() ? "" : "linked; the finding is "
            + f.status().apiName() + " and is exempted if it reopens"));
      }
    }
    if (!covered.isEmpty()) {
      idOut[0] = exceptions.create(who, null, covered, ExceptionReason.parse(body.reason()), body.justification(),
          body.expiresAt()).exception().id();
    }
    return results;
  }

  private List<String> scope(KubewardPrincipal who, BulkFilter f) {
    if ((f.clusterId() == null) == (f.workspaceId() == null)) {
      throw ApiException.badRequest("a bulk 'filter' needs exactly one of 'clusterId' or 'workspaceId'");
    }
    if (f.clusterId() != null) {
      CurrentUser.requireCluster(f.clusterId());
      workspaces.cluster(f.clusterId());
      return List.of(f.clusterId());
    }
    workspaces.workspace(f.workspaceId());
    List<String> ids = findings.visibleClusters(who, f.workspaceId());
    if (who.clusterScope().isPresent() && ids.isEmpty()) {
      throw ApiException.forbidden("this token is scoped to a cluster of another workspace");
    }
    return ids;
  }

  private static String require(String value, String field, String action) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("action '" + action + "' needs '" + field + "'");
    }
    return value;
  }
}
