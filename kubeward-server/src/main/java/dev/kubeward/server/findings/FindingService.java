package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The findings workflow: reading findings, changing their status, assigning owners and due dates, one at a time or
 * in bulk. A bulk action is one transaction with one result per finding; a finding the caller may not change is
 * reported as such and does not stop the others.
 */
@Service
public class FindingService {
  /** Most findings one bulk action may touch, by ids or by filter. */
  public static final int MAX_BULK = 10_000;

  private final FindingDao dao;
  private final FindingWriter writer;
  private final ClusterDao clusters;
  private final SettingsService settings;
  private final Clock clock;
  private final TransactionTemplate tx;

  public FindingService(FindingDao dao, FindingWriter writer, ClusterDao clusters, SettingsService settings,
      Clock clock, PlatformTransactionManager transactions) {
    this.dao = dao;
    this.writer = writer;
    this.clusters = clusters;
    this.settings = settings;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  /** What a bulk action did to one finding. */
  public enum Outcome {
    CHANGED,
    UNCHANGED,
    NOT_FOUND,
    FORBIDDEN,
    INVALID
  }

  /** One finding's result of an action. */
  public record ItemResult(long id, Outcome outcome, String message) {}

  /** Which findings an action applies to: explicit ids, or everything matching a filter in some clusters. */
  public record Selection(List<Long> ids, Collection<String> clusterIds, FindingFilter filter) {
    public static Selection ofIds(List<Long> ids) {
      return new Selection(ids, List.of(), null);
    }

    public static Selection ofFilter(Collection<String> clusterIds, FindingFilter filter) {
      return new Selection(null, clusterIds, filter);
    }
  }

  /** Today, in UTC: the day due dates are compared with. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /**
   * A finding the caller may see.
   *
   * @throws ApiException 404 when it does not exist, 403 when the caller's token is scoped to another cluster
   */
  public Finding get(KubewardPrincipal who, long id) {
    Finding f = dao.find(id).orElseThrow(() -> ApiException.notFound("finding", String.valueOf(id)));
    if (!who.mayAccessCluster(f.clusterId())) {
      throw ApiException.forbidden("this token is scoped to another cluster");
    }
    return f;
  }

  public List<FindingChange> history(KubewardPrincipal who, long id) {
    get(who, id);
    return dao.history(id);
  }

  /**
   * The ids a selection stands for.
   *
   * @throws ApiException 400 when it names more than {@link #MAX_BULK} findings, or none
   */
  public List<Long> resolve(Selection s) {
    if (s.ids() != null) {
      if (s.ids().isEmpty()) {
        throw ApiException.badRequest("'ids' must name at least one finding");
      }
      if (s.ids().size() > MAX_BULK) {
        throw ApiException.badRequest("a bulk action takes at most " + MAX_BULK + " ids, got " + s.ids().size());
      }
      return List.copyOf(new LinkedHashSet<>(s.ids()));
    }
    List<Long> ids = dao.idsMatching(s.clusterIds(), s.filter(), today(), MAX_BULK);
    if (ids.size() > MAX_BULK) {
      throw ApiException.badRequest("the filter matches more than " + MAX_BULK
          + " findings; narrow it down (for example by severity or namespace) and repeat the action");
    }
    return ids;
  }

  /**
   * Changes the status. Recommendations need Contributor; alerts need SecurityAdmin.
   */
  public List<ItemResult> changeStatus(KubewardPrincipal who, List<Long> ids, FindingStatus to, String comment) {
    return act(who, ids, f -> {
      Role needed = f.kind() == FindingKind.ALERT ? Role.SECURITY_ADMIN : Role.CONTRIBUTOR;
      if (!who.has(needed)) {
        throw new Refused(Outcome.FORBIDDEN, "changing the status of "
            + (f.kind() == FindingKind.ALERT ? "an alert" : "a recommendation") + " needs the " + needed.apiName()
            + " role");
      }
      if (!to.settableBy(f.kind())) {
        throw new Refused(Outcome.INVALID, "status '" + to.apiName() + "' does not apply to "
            + FindingEnums.kind(f.kind()) + " findings; expected one of " + settable(f.kind())
            + (to == FindingStatus.EXEMPTED ? " (add an exception to exempt a finding)" : ""));
      }
      if (f.status() == FindingStatus.EXEMPTED && to != FindingStatus.EXEMPTED) {
        throw new Refused(Outcome.INVALID, "the finding is exempted by exception " + f.exceptionId()
            + "; revoke the exception to reopen it");
      }
      return FindingWriter.Change.of(f, comment).withStatus(to);
    });
  }

  /**
   * Assigns an owner and a due date; without a due date, a finding that has none gets today plus its severity's
   * grace period ({@link FindingSettings}).
   */
  public List<ItemResult> assign(KubewardPrincipal who, List<Long> ids, String owner, LocalDate dueDate,
      String comment) {
    String normalized = Owners.normalize(owner);
    Map<String, EffectiveSettings> perCluster = new HashMap<>();
    LocalDate today = today();
    return act(who, ids, f -> {
      requireContributor(who);
      LocalDate due = dueDate;
      if (due == null) {
        due = f.dueDate() != null ? f.dueDate() : today.plusDays(graceDays(perCluster, f.clusterId(), f.severity()));
      }
      return FindingWriter.Change.of(f, comment).withOwner(normalized).withDueDate(due);
    });
  }

  /** Sets (or, with null, clears) the due date. */
  public List<ItemResult> setDueDate(KubewardPrincipal who, List<Long> ids, LocalDate dueDate, String comment) {
    return act(who, ids, f -> {
      requireContributor(who);
      return FindingWriter.Change.of(f, comment).withDueDate(dueDate);
    });
  }

  /** The default grace period for a severity in a cluster, in days. */
  public long graceDays(String clusterId, Severity severity) {
    return settings.effective(clusterId).integer(FindingSettings.dueDaysKey(severity));
  }

  private long graceDays(Map<String, EffectiveSettings> cache, String clusterId, Severity severity) {
    return cache.computeIfAbsent(clusterId, settings::effective).integer(FindingSettings.dueDaysKey(severity));
  }

  /** Clusters of a workspace the caller may see (a scoped token: only its own). */
  public List<String> visibleClusters(KubewardPrincipal who, String workspaceId) {
    return clusters.inWorkspace(workspaceId).stream().map(Cluster::id).filter(who::mayAccessCluster).toList();
  }

  /** Runs one decision per finding, then writes every change in one transaction. */
  List<ItemResult> act(KubewardPrincipal who, List<Long> ids, Function<Finding, FindingWriter.Change> decide) {
    return tx.execute(status -> {
      dao.forceCustomPlans();
      List<Long> unique = List.copyOf(new LinkedHashSet<>(ids));
      Map<Long, Finding> found = new HashMap<>();
      dao.byIds(unique).forEach(f -> found.put(f.id(), f));
      List<ItemResult> results = new ArrayList<>();
      List<FindingWriter.Change> changes = new ArrayList<>();
      for (Long id : unique) {
        Finding f = found.get(id);
        if (f == null) {
          results.add(new ItemResult(id, Outcome.NOT_FOUND, "finding '" + id + "' not found"));
          continue;
        }
        if (!who.mayAccessCluster(f.clusterId())) {
          results.add(new ItemResult(id, Outcome.FORBIDDEN, "this token is scoped to another cluster"));
          continue;
        }
        try {
          FindingWriter.Change c = decide.apply(f);
          if (c.changes()) {
            changes.add(c);
            results.add(new ItemResult(id, Outcome.CHANGED, ""));
          } else {
            results.add(new ItemResult(id, Outcome.UNCHANGED, ""));
          }
        } catch (Refused r) {
          results.add(new ItemResult(id, r.outcome, r.getMessage()));
        }
      }
      writer.apply(changes, who.name());
      return results;
    });
  }

  private static void requireContributor(KubewardPrincipal who) {
    if (!who.has(Role.CONTRIBUTOR)) {
      throw new Refused(Outcome.FORBIDDEN, "this action needs the contributor role");
    }
  }

  private static String settable(FindingKind kind) {
    return String.join(", ", FindingStatus.of(kind).stream().filter(s -> s.settableBy(kind))
        .map(FindingStatus::apiName).toList());
  }

  /** Why one finding of a bulk action was not changed. */
  static final class Refused extends RuntimeException {
    final Outcome outcome;

    Refused(Outcome outcome, String message) {
      super(message, null, false, false);
      this.outcome = outcome;
    }
  }

  /** Turns a single-finding result into the HTTP error it stands for. */
  public static void throwIfFailed(ItemResult r) {
    switch (r.outcome()) {
      case NOT_FOUND -> throw ApiException.notFound("finding", String.valueOf(r.id()));
      case FORBIDDEN -> throw ApiException.forbidden(r.message());
      case INVALID -> throw ApiException.badRequest(r.message());
      default -> { }
    }
  }
}
