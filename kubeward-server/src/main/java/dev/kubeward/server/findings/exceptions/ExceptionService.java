package dev.kubeward.server.findings.exceptions;

import dev.kubeward.model.FindingKind;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.findings.ExceptionMatcher;
import dev.kubeward.server.findings.Finding;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingStatus;
import dev.kubeward.server.findings.FindingWriter;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.WorkspaceDao;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, revokes and expires exceptions, and keeps the covered findings' status in step: covered findings become
 * Exempted (still listed and counted, apart from open ones); when the exception ends they reopen.
 */
@Service
public class ExceptionService implements ExceptionMatcher.Factory {
  private static final Logger log = LoggerFactory.getLogger(ExceptionService.class);
  private static final int CHUNK = 1000;

  private final ExceptionDao dao;
  private final FindingDao findings;
  private final FindingWriter writer;
  private final ClusterDao clusters;
  private final WorkspaceDao workspaces;
  private final IdGenerator ids;
  private final Clock clock;
  private final TransactionTemplate tx;

  public ExceptionService(ExceptionDao dao, FindingDao findings, FindingWriter writer, ClusterDao clusters,
      WorkspaceDao workspaces, IdGenerator ids, Clock clock, PlatformTransactionManager transactions) {
    this.dao = dao;
    this.findings = findings;
    this.writer = writer;
    this.clusters = clusters;
    this.workspaces = workspaces;
    this.ids = ids;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * What an exception covers. Unset (null) fields match anything; at least the cluster or one other field must be
   * set, so that nobody exempts a whole workspace by accident.
   *
   * @param workspaceId needed when no cluster is given (the exception then covers every cluster of the workspace)
   * @param workload a resource name
   * @param ruleId a rule, advisory (CVE) or control id
   */
  public record Scope(String workspaceId, String clusterId, FindingKind kind, String namespace, String workload,
      String imageDigest, String packageName, String ruleId) {
    boolean hasFindingFields() {
      return Stream.of(namespace, workload, imageDigest, packageName, ruleId).anyMatch(s -> s != null)
          || kind != null;
    }
  }

  /** A new exception and how many findings it exempted at once. */
  public record Created(FindingException exception, int exempted) {}

  /**
   * Creates a scope exception, or a pinned one when {@code pinnedFindingIds} is not empty.
   *
   * @throws ApiException 403 below Contributor or outside a scoped token's cluster; 400 for a bad scope, reason or
   *     expiry; 404 for an unknown cluster, workspace or finding
   */
  public Created create(KubewardPrincipal who, Scope scope, List<Long> pinnedFindingIds, ExceptionReason reason,
      String justification, Instant expiresAt) {
    if (!who.has(Role.CONTRIBUTOR)) {
      throw ApiException.forbidden("adding an exception needs the contributor role");
    }
    if (reason == null) {
      throw ApiException.badRequest("an exception needs a 'reason'");
    }
    if (justification == null || justification.isBlank()) {
      throw ApiException.badRequest("an exception needs a 'justification' saying why the finding is acceptable");
    }
    if (justification.length() > 4000) {
      throw ApiException.badRequest("'justification' must have at most 4000 characters");
    }
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiException.badRequest("'expiresAt' must be in the future");
    }
    boolean pinned = pinnedFindingIds != null && !pinnedFindingIds.isEmpty();
    return tx.execute(status -> {
      findings.forceCustomPlans();
      String workspaceId;
      List<String> clusterIds;
      List<Finding> pinnedFindings = List.of();
      if (pinned) {
        pinnedFindings = findings.byIds(pinnedFindingIds);
        if (pinnedFindings.size() != Set.copyOf(pinnedFindingIds).size()) {
          throw ApiException.notFound("finding", missing(pinnedFindingIds, pinnedFindings));
        }
        for (Finding f : pinnedFindings) {
          if (!who.mayAccessCluster(f.clusterId())) {
            throw ApiException.forbidden("this token is scoped to another cluster");
          }
        }
        Set<String> wss = new java.util.HashSet<>();
        for (Finding f : pinnedFindings) {
          wss.add(clusters.find(f.clusterId()).orElseThrow().workspaceId());
        }
        if (wss.size() != 1) {
          throw ApiException.badRequest("the findings of one exception must belong to one workspace");
        }
        workspaceId = wss.iterator().next();
        clusterIds = List.of();
      } else {
        if (scope == null || (scope.clusterId() == null && !scope.hasFindingFields())) {
          throw ApiException.badRequest("an exception needs a scope: a cluster, namespace, workload, image digest,"
              + " package, rule/CVE/control or finding ids");
        }
        if (scope.clusterId() != null) {
          Cluster c = clusters.find(scope.clusterId())
              .orElseThrow(() -> ApiException.notFound("cluster", scope.clusterId()));
          if (scope.workspaceId() != null && !scope.workspaceId().equals(c.workspaceId())) {
            throw ApiException.badRequest("cluster '" + c.id() + "' is not in workspace '" + scope.workspaceId() + "'");
          }
          if (!who.mayAccessCluster(c.id())) {
            throw ApiException.forbidden("this token is scoped to another cluster");
          }
          workspaceId = c.workspaceId();
          clusterIds = List.of(c.id());
        } else {
          if (scope.workspaceId() == null) {
            throw ApiException.badRequest("an exception without a 'clusterId' needs a 'workspaceId'");
          }
          workspaces.find(scope.workspaceId()).orElseThrow(() -> ApiException.notFound("workspace", scope.workspaceId()));
          if (who.clusterScope().isPresent()) {
            throw ApiException.forbidden("a cluster-scoped token can only add exceptions for its own cluster");
          }
          workspaceId = scope.workspaceId();
          clusterIds = clusters.inWorkspace(workspaceId).stream().map(Cluster::id).toList();
        }
      }
      Scope s = pinned ? new Scope(workspaceId, null, null, null, null, null, null, null) : scope;
      FindingException e = new FindingException(ids.newId(), workspaceId, s.clusterId(), s.kind(), blank(s.namespace()),
          blank(s.workload()), blank(s.imageDigest()), blank(s.packageName()), blank(s.ruleId()), pinned, reason,
          justification.trim(), who.name(), now, expiresAt, null, null, null);
      dao.insert(e);
      String comment = "exception " + e.id() + " (" + reason.apiName() + "): " + e.justification();
      int exempted = 0;
      if (pinned) {
        List<FindingWriter.Change> changes = new ArrayList<>();
        for (Finding f : pinnedFindings) {
          changes.add(cover(f, e.id(), comment));
        }
        exempted += writer.apply(changes, who.name());
      } else {
        List<Long> covered = findings.idsInScope(clusterIds, e.kindColumnOrNull(), e.namespace(), e.workload(),
            e.imageDigest(), e.packageName(), e.ruleId(), FindingStatus.UNRESOLVED);
        for (int i = 0; i < covered.size(); i += CHUNK) {
          List<FindingWriter.Change> changes = new ArrayList<>();
          for (Finding f : findings.byIds(covered.subList(i, Math.min(covered.size(), i + CHUNK)))) {
            changes.add(cover(f, e.id(), comment));
          }
          exempted += writer.apply(changes, who.name());
        }
      }
      return new Created(e, exempted);
    });
  }

  /** A finding brought under an exception: exempted when it needs attention; otherwise only linked. */
  private static FindingWriter.Change cover(Finding f, String exceptionId, String comment) {
    FindingWriter.Change c = FindingWriter.Change.of(f, comment);
    if (f.status() == FindingStatus.EXEMPTED) {
      return c; // already covered by another exception, which stays in charge
    }
    c = c.withException(exceptionId);
    return f.status().unresolved() ? c.withStatus(FindingStatus.EXEMPTED) : c;
  }

  public FindingException get(KubewardPrincipal who, String id) {
    FindingException e = dao.find(id).orElseThrow(() -> ApiException.notFound("exception", id));
    requireVisible(who, e);
    return e;
  }

  /** Ends an exception now; its findings reopen. */
  public FindingException revoke(KubewardPrincipal who, String id) {
    if (!who.has(Role.CONTRIBUTOR)) {
      throw ApiException.forbidden("revoking an exception needs the contributor role");
    }
    return tx.execute(status -> {
      FindingException e = get(who, id);
      if (!dao.end(id, clock.instant(), who.name(), "revoked")) {
        throw ApiException.conflict("exception '" + id + "' has already ended");
      }
      release(e, who.name(), "exception " + id + " revoked");
      return dao.find(id).orElseThrow();
    });
  }

  /**
   * Ends every exception whose expiry has passed and reopens its findings. Run on a schedule by
   * {@link ExceptionExpiryJob}; safe to run at any time.
   *
   * @return how many exceptions expired
   */
  public int expireDue() {
    Instant now = clock.instant();
    int n = 0;
    for (FindingException e : dao.expiredButNotEnded(now)) {
      boolean ended = Boolean.TRUE.equals(tx.execute(status -> {
        if (!dao.end(e.id(), now, "kubeward", "expired")) {
          return false;
        }
        release(e, "kubeward", "exception " + e.id() + " expired on " + e.expiresAt());
        return true;
      }));
      if (ended) {
        n++;
        log.info("exception {} expired; its findings are reopened", e.id());
      }
    }
    return n;
  }

  /** Reopens (or hands to another active exception) every finding an ended exception covered. */
  private void release(FindingException ended, String actor, String comment) {
    List<Long> covered = findings.idsWithException(ended.id());
    Instant now = clock.instant();
    Map<String, ExceptionMatcher> matchers = new HashMap<>();
    for (int i = 0; i < covered.size(); i += CHUNK) {
      List<FindingWriter.Change> changes = new ArrayList<>();
      for (Finding f : findings.byIds(covered.subList(i, Math.min(covered.size(), i + CHUNK)))) {
        FindingWriter.Change c = FindingWriter.Change.of(f, comment).withException(null);
        if (f.status() == FindingStatus.EXEMPTED) {
          ExceptionMatcher m = matchers.computeIfAbsent(f.clusterId(),
              cid -> forCluster(ended.workspaceId(), cid, now));
          Optional<String> other = m.match(f.kind(), f.namespace(), f.resourceName(), f.imageDigest(),
              f.packageName(), f.ruleId());
          c = other.isPresent() ? c.withException(other.get())
              : c.withStatus(f.present() ? FindingStatus.initial(f.kind()) : FindingStatus.RESOLVED);
        }
        changes.add(c);
      }
      writer.apply(changes, actor);
    }
  }

  /** Exceptions of a workspace or a cluster, newest first. */
  public List<FindingException> list(KubewardPrincipal who, String workspaceId, Optional<String> clusterId,
      boolean includeEnded, int limit) {
    workspaces.find(workspaceId).orElseThrow(() -> ApiException.notFound("workspace", workspaceId));
    clusterId.ifPresent(c -> {
      if (!who.mayAccessCluster(c)) {
        throw ApiException.forbidden("this token is scoped to another cluster");
      }
    });
    List<FindingException> all = dao.list(workspaceId, clusterId.or(who::clusterScope), includeEnded, limit);
    return all.stream().filter(e -> e.clusterId() == null || who.mayAccessCluster(e.clusterId())).toList();
  }

  @Override
  public ExceptionMatcher forCluster(String workspaceId, String clusterId, Instant now) {
    List<FindingException> scopes = dao.activeScopesFor(workspaceId, clusterId, now);
    return new ExceptionMatcher() {
      @Override
      public Optional<String> match(FindingKind kind, String namespace, String workload, String imageDigest,
          String packageName, String ruleId) {
        for (FindingException e : scopes) {
          if (e.matches(clusterId, kind, namespace, workload, imageDigest, packageName, ruleId)) {
            return Optional.of(e.id());
          }
        }
        return Optional.empty();
      }

      @Override
      public boolean active(String exceptionId) {
        return dao.find(exceptionId).map(e -> e.activeAt(now)).orElse(false);
      }
    };
  }

  private void requireVisible(KubewardPrincipal who, FindingException e) {
    Optional<String> scope = who.clusterScope();
    if (scope.isEmpty()) {
      return;
    }
    if (e.clusterId() != null ? !e.clusterId().equals(scope.get())
        : clusters.find(scope.get()).map(c -> !c.workspaceId().equals(e.workspaceId())).orElse(true)) {
      throw ApiException.forbidden("this token is scoped to another cluster");
    }
  }

  private static String missing(List<Long> wanted, List<Finding> found) {
    Set<Long> have = new java.util.HashSet<>();
    found.forEach(f -> have.add(f.id()));
    return wanted.stream().filter(id -> !have.contains(id)).findFirst().map(String::valueOf).orElse("?");
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
