package dev.kubeward.server.posture;

import dev.kubeward.model.ResourceRef;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.QuickFixApplier;
import dev.kubeward.posture.QuickFixPlan;
import dev.kubeward.posture.QuickFixPlanner;
import dev.kubeward.posture.Rule;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.findings.FindingChange;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.inventory.ClusterInventoryService;
import dev.kubeward.server.inventory.ClusterSource;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The quick fix of a cluster-level misconfiguration (PSA labels on a namespace, token automount on a service account,
 * an anonymous subject in a binding): preview the patch, dry-run it on the API server, and apply it only when a
 * Contributor confirms the very plan they previewed. Who applied what goes to the activity log and the finding's
 * history; the object is re-evaluated at once, so a fixed finding is resolved before the answer returns.
 */
@Service
public class QuickFixService {
  private final MisconfigurationTarget targets;
  private final MisconfigurationScanner scanner;
  private final ClusterInventoryService inventories;
  private final FindingDao findingDao;
  private final ActivityLog activity;
  private final Clock clock;

  public QuickFixService(MisconfigurationTarget targets, MisconfigurationScanner scanner,
      ClusterInventoryService inventories, FindingDao findingDao, ActivityLog activity, Clock clock) {
    this.targets = targets;
    this.scanner = scanner;
    this.inventories = inventories;
    this.findingDao = findingDao;
    this.activity = activity;
    this.clock = clock;
  }

  /**
   * What a quick fix would do.
   *
   * @param available whether a patch could be computed for the object as it is now
   * @param applicable whether it can be dry-run and applied (a live cluster; a manifest snapshot cannot be patched)
   * @param reason why not, when either is false
   * @param plan the patch, when available
   * @param planId identifies the plan: apply only what was previewed
   */
  public record Preview(boolean available, boolean applicable, String reason, Optional<QuickFixPlan> plan,
      String planId) {}

  /** The API server's answer to a dry run or an applied fix, re-checked against the rule. */
  public record Result(boolean dryRun, boolean fixed, List<String> remaining, String message) {}

  /** Previews the quick fix of a finding. */
  public Preview preview(KubewardPrincipal who, long findingId) {
    return preview(targets.resolve(who, findingId));
  }

  private Preview preview(MisconfigurationTarget.Target t) {
    String ruleId = t.stored().ruleId();
    Optional<Rule> rule = t.rule();
    if (rule.isEmpty()) {
      return unavailable("rule " + ruleId + " no longer exists");
    }
    if (rule.get().quickFix().isEmpty()) {
      return unavailable("rule " + ruleId + " has no automatic fix; follow the remediation steps");
    }
    if (rule.get().target().workloadScoped()) {
      return unavailable("a workload is fixed in its manifests, since the next deploy would overwrite a patched "
          + t.stored().resourceKind() + ": use 'Download fixed manifest'");
    }
    Finding current;
    try {
      current = t.requireCurrent();
    } catch (ApiException e) {
      return unavailable(e.getMessage());
    }
    if (current.outcome() != Finding.Outcome.FAIL) {
      return unavailable("the rule could not be evaluated on this object (rule error); there is nothing to fix");
    }
    MisconfigurationScanner.ClusterEvaluation ev = t.evaluation().orElseThrow();
    Optional<QuickFixPlan> plan = new QuickFixPlanner(ev.engine()).plan(ev.inventory().inventory(), current);
    if (plan.isEmpty()) {
      return unavailable("the fix does not apply to the object as it is now");
    }
    String id = planId(plan.get());
    ClusterSource source = ev.inventory().source();
    if (inventories.client(t.stored().clusterId()).isEmpty()) {
      String where = source.manifestsPath().map(p -> " (" + p + ")").orElse("");
      return new Preview(true, false, "this cluster is read from a manifest snapshot" + where + "; a snapshot cannot"
          + " be patched: change the manifests (or download the fixed manifest) and reload the cluster", plan, id);
    }
    return new Preview(true, true, "", plan, id);
  }

  /**
   * Sends the previewed patch with {@code dryRun=All}: the API server validates it and runs admission, nothing is
   * stored.
   *
   * @throws ApiException 409 when the fix cannot run, the plan changed since the preview, or the API server refused
   */
  public Result dryRun(KubewardPrincipal who, long findingId, String planId) {
    requireContributor(who);
    Ready ready = ready(who, findingId, planId);
    try {
      QuickFixApplier.Outcome o = new QuickFixApplier(ready.client, ready.ev.engine())
          .dryRun(ready.plan, ready.ev.inventory().inventory());
      return result(o, o.fixed()
          ? "the API server accepts the patch and the object then passes " + ready.plan.ruleId() + " (dry run: nothing was changed)"
          : "the API server accepts the patch, but the object would still fail " + ready.plan.ruleId()
              + " (dry run: nothing was changed)");
    } catch (QuickFixApplier.QuickFixException e) {
      throw ApiException.conflict(e.getMessage());
    }
  }

  /**
   * Applies the previewed patch after explicit confirmation, records it and re-evaluates the object.
   *
   * @throws ApiException 400 without confirmation, 403 below Contributor, 409 as for the dry run
   */
  public Result apply(KubewardPrincipal who, long findingId, String planId, boolean confirm, String comment) {
    requireContributor(who);
    if (!confirm) {
      throw ApiException.badRequest("applying a quick fix changes the cluster and needs explicit confirmation:"
          + " send \"confirm\": true with the planId of the preview");
    }
    Ready ready = ready(who, findingId, planId);
    QuickFixApplier.Outcome o;
    try {
      o = new QuickFixApplier(ready.client, ready.ev.engine()).apply(ready.plan, ready.ev.inventory().inventory());
    } catch (QuickFixApplier.QuickFixException e) {
      activity.record(who.name(), "finding.quickFix.refused", "finding", String.valueOf(findingId), e.getMessage());
      throw ApiException.conflict(e.getMessage());
    }
    ResourceRef ref = ready.plan.resource();
    String what = ready.plan.description().isEmpty() ? "applied the patch " + ready.plan.patchJson()
        : ready.plan.description();
    activity.record(who.name(), "finding.quickFix", "finding", String.valueOf(findingId),
        "quick fix of " + ready.plan.ruleId() + " applied to " + ref.key() + " in cluster "
            + ready.target.stored().clusterId() + ": " + what + " (patch " + ready.plan.patchJson() + ")");
    findingDao.insertHistory(List.of(new FindingChange(findingId, clock.instant(), who.name(), "quickFix", null,
        "applied", what + (comment == null || comment.isBlank() ? "" : " — " + comment.strip()))));
    scanner.reevaluate(ready.target.stored().clusterId(), Set.of(o.result().ref()));
    return result(o, o.fixed() ? "applied; " + ref.key() + " now passes " + ready.plan.ruleId()
        : "applied, but " + ref.key() + " still fails " + ready.plan.ruleId());
  }

  private record Ready(MisconfigurationTarget.Target target, MisconfigurationScanner.ClusterEvaluation ev,
      QuickFixPlan plan, KubernetesClient client) {}

  private Ready ready(KubewardPrincipal who, long findingId, String planId) {
    MisconfigurationTarget.Target t = targets.resolve(who, findingId);
    Preview p = preview(t);
    if (!p.available() || !p.applicable()) {
      throw ApiException.conflict("no quick fix can run for this finding: " + p.reason());
    }
    if (planId == null || planId.isBlank()) {
      throw ApiException.badRequest("'planId' is required: preview the fix first and send the planId it returned");
    }
    if (!planId.equals(p.planId())) {
      throw ApiException.conflict("the fix changed since it was previewed (the object changed in the cluster);"
          + " preview it again");
    }
    KubernetesClient client = inventories.client(t.stored().clusterId()).orElseThrow();
    return new Ready(t, t.evaluation().orElseThrow(), p.plan().orElseThrow(), client);
  }

  private static Result result(QuickFixApplier.Outcome o, String message) {
    return new Result(o.dryRun(), o.fixed(), o.remaining().stream().map(Finding::message).toList(), message);
  }

  private static Preview unavailable(String reason) {
    return new Preview(false, false, reason, Optional.empty(), null);
  }

  private static void requireContributor(KubewardPrincipal who) {
    if (!who.has(Role.CONTRIBUTOR)) {
      throw ApiException.forbidden("a quick fix needs the contributor role");
    }
  }

  /** A short digest of the JSON Patch: it includes the resourceVersion test, so any change of the object changes it. */
  static String planId(QuickFixPlan plan) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((plan.ruleId() + "\n" + plan.resource().key() + "\n"
          + plan.jsonPatch()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
