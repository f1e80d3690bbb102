package dev.kubeward.server.posture;

import dev.kubeward.model.FindingKind;
import dev.kubeward.posture.AdmissionPolicy;
import dev.kubeward.posture.QuickFixPlan;
import dev.kubeward.posture.Rule;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingFilter;
import dev.kubeward.server.findings.FindingQuery;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.findings.FindingStatus;
import dev.kubeward.server.findings.FindingView;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster's misconfigurations beyond the generic findings API: grouped by rule, and what can be done about one —
 * its rule's explanation, the quick fix (preview, dry run, apply), the fixed manifest and the admission policy.
 */
@RestController
@Tag(name = "Misconfigurations", description = "Failing rules, quick fixes, fixed manifests and admission policies")
public class MisconfigurationController {
  private static final int MAX_GROUPS = 1000;

  private final FindingDao findingDao;
  private final FindingService findings;
  private final WorkspaceService workspaces;
  private final MisconfigurationTarget targets;
  private final QuickFixService quickFixes;
  private final FixedManifestService manifests;
  private final AdmissionPolicyService policies;
  private final PostureRules rules;
  private final JsonMapper json;

  public MisconfigurationController(FindingDao findingDao, FindingService findings, WorkspaceService workspaces,
      MisconfigurationTarget targets, QuickFixService quickFixes, FixedManifestService manifests,
      AdmissionPolicyService policies, PostureRules rules, JsonMapper json) {
    this.findingDao = findingDao;
    this.findings = findings;
    this.workspaces = workspaces;
    this.targets = targets;
    this.quickFixes = quickFixes;
    this.manifests = manifests;
    this.policies = policies;
    this.rules = rules;
    this.json = json;
  }

  /** One failing rule and how many findings and resources it has. */
  public record RuleGroupView(String ruleId, String title, String severity, String category, long findings,
      long resources, long owned) {}

  /** A rule's explanation, as the detail panel shows it. */
  public record RuleInfoView(String id, String title, String category, String target, String description,
      String remediation, List<String> references, boolean custom) {}

  /** Whether one remedy can be used for a finding, and if not, why. */
  public record RemedyOptionView(boolean available, String reason) {}

  /** The admission policy option: exportable, installable in this cluster, installed. */
  public record PolicyOptionView(boolean available, boolean installable, String reason, boolean policyAgent,
      Boolean installed, String policyName) {}

  /** What can be done about a misconfiguration. */
  public record RemediationView(long findingId, String ruleId, RuleInfoView rule, boolean live,
      boolean reportedNow, RemedyOptionView quickFix, RemedyOptionView fixedManifest, PolicyOptionView admissionPolicy) {}

  /** A quick fix preview: the merge patch shown, the JSON Patch sent, and whether it may run. */
  public record QuickFixPreviewView(boolean available, boolean applicable, String reason, String ruleId, String resource,
      String description, Map<String, Object> patch, List<Map<String, Object>> operations, String planId) {}

  /** Body of a dry run: the planId of the preview. */
  public record DryRunRequest(@NotBlank String planId) {}

  /** Body of an apply: the planId of the preview and the explicit confirmation. */
  public record ApplyRequest(@NotBlank String planId, Boolean confirm, @Size(max = 4000) String comment) {}

  /** The API server's answer and the re-check. */
  public record QuickFixResultView(boolean dryRun, boolean fixed, List<String> remaining, String message,
      FindingView finding) {}

  /** Uploaded manifests to fix. */
  public record ManifestRequest(@NotBlank String yaml) {}

  /** A fixed manifest and what changed. */
  public record FixedManifestView(String fileName, String yaml, List<String> applied, List<String> unfixable,
      List<String> problems) {}

  /** A rule's policy in one cluster. */
  public record ClusterPolicyView(String ruleId, String name, List<String> actions, String yaml, boolean installable,
      String reason, boolean policyAgent, String policyAgentReason, Boolean installed) {}

  /** Body of installing a policy. */
  public record PolicyRequest(List<String> actions) {}

  /** The policies Kubeward installed in a cluster. */
  public record InstalledPoliciesView(String clusterId, boolean policyAgent, String policyAgentReason,
      List<String> installed) {}

  @GetMapping("/api/v1/clusters/{id}/misconfigurations/by-rule")
  @Operation(summary = "Misconfigurations grouped by failing rule, worst first (status defaults to open and in"
      + " progress)")
  public List<RuleGroupView> byRule(@PathVariable String id, @ParameterObject FindingQuery query,
      HttpServletRequest request) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    FindingQuery.requireKnown(request.getParameterMap().keySet(), Set.of());
    FindingFilter filter = query.toFilter().withKind(FindingKind.MISCONFIGURATION);
    if (filter.statuses().isEmpty()) {
      filter = filter.withStatuses(FindingStatus.UNRESOLVED);
    }
    return findingDao.ruleGroups(List.of(id), filter, findings.today(), MAX_GROUPS).stream().map(g -> {
      Rule r = rules.ruleSet().rule(g.ruleId()).orElse(null);
      return new RuleGroupView(g.ruleId(), r == null ? g.title() : r.title(),
          g.severity().name().toLowerCase(java.util.Locale.ROOT), r == null ? "" : r.category(), g.findings(),
          g.resources(), g.owned());
    }).toList();
  }

  @GetMapping("/api/v1/findings/{id}/remediation")
  @Operation(summary = "What can be done about a misconfiguration: its rule, quick fix, fixed manifest, policy")
  public RemediationView remediation(@PathVariable long id) {
    KubewardPrincipal who = CurrentUser.get();
    MisconfigurationTarget.Target t = targets.resolve(who, id);
    RuleInfoView info = t.rule().map(r -> new RuleInfoView(r.id(), r.title(), r.category(), r.target().label(),
        r.description(), r.remediation(), r.references(), rules.isCustom(r.id()))).orElse(null);
    QuickFixService.Preview preview = quickFixes.preview(who, id);
    RemedyOptionView quickFix = new RemedyOptionView(preview.available(), preview.reason());
    RemedyOptionView fixed = t.rule().map(r -> r.quickFix().isEmpty()
        ? new RemedyOptionView(false, "rule " + r.id() + " has no automatic fix; follow the remediation steps")
        : t.object().isEmpty()
            ? new RemedyOptionView(false, "the object is not in the cluster's inventory; upload your manifest to fix it")
            : new RemedyOptionView(true, "")).orElse(new RemedyOptionView(false, "the rule no longer exists"));
    PolicyOptionView policy;
    if (t.rule().isEmpty()) {
      policy = new PolicyOptionView(false, false, "the rule no longer exists", false, null, null);
    } else {
      AdmissionPolicyService.ClusterPolicy p = policies.state(t.stored().clusterId(), t.stored().ruleId(),
          Set.of(AdmissionPolicy.Action.DENY));
      policy = new PolicyOptionView(p.policy().isPresent(), p.installable(), p.reason(), p.policyAgent().active(),
          p.installed(), p.policy().map(AdmissionPolicy::name).orElse(null));
    }
    return new RemediationView(id, t.stored().ruleId(), info, t.live(), t.current().isPresent(), quickFix, fixed, policy);
  }

  @GetMapping("/api/v1/findings/{id}/quick-fix")
  @Operation(summary = "Preview the quick fix of a cluster-level misconfiguration: the patch and what it does")
  public QuickFixPreviewView previewQuickFix(@PathVariable long id) {
    QuickFixService.Preview p = quickFixes.preview(CurrentUser.get(), id);
    QuickFixPlan plan = p.plan().orElse(null);
    return new QuickFixPreviewView(p.available(), p.applicable(), p.reason(), plan == null ? null : plan.ruleId(),
        plan == null ? null : plan.resource().key(), plan == null ? null : plan.description(),
        plan == null ? null : plan.patch(), plan == null ? null : plan.operations(), p.planId());
  }

  @PostMapping("/api/v1/findings/{id}/quick-fix/dry-run")
  @Operation(summary = "Server-side dry run of the previewed quick fix (contributor); nothing changes")
  public QuickFixResultView dryRun(@PathVariable long id, @Valid @RequestBody DryRunRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    QuickFixService.Result r = quickFixes.dryRun(who, id, body.planId());
    return new QuickFixResultView(r.dryRun(), r.fixed(), r.remaining(), r.message(), null);
  }

  @PostMapping("/api/v1/findings/{id}/quick-fix")
  @Operation(summary = "Apply the previewed quick fix (contributor, with \"confirm\": true); recorded and re-evaluated")
  public QuickFixResultView applyQuickFix(@PathVariable long id, @Valid @RequestBody ApplyRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.CONTRIBUTOR);
    QuickFixService.Result r = quickFixes.apply(who, id, body.planId(), Boolean.TRUE.equals(body.confirm()),
        body.comment());
    return new QuickFixResultView(r.dryRun(), r.fixed(), r.remaining(), r.message(),
        FindingView.of(findings.get(who, id), findings.today(), json));
  }

  @GetMapping("/api/v1/findings/{id}/fixed-manifest")
  @Operation(summary = "The finding's object as the inventory holds it (status and server fields removed), fixed")
  public ResponseEntity<byte[]> fixedManifest(@PathVariable long id) {
    FixedManifestService.Fixed f = manifests.fromInventory(CurrentUser.get(), id);
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
        .header("Content-Disposition", "attachment; filename=\"" + f.fileName() + "\"")
        .header("Cache-Control", "no-store")
        .body(f.yaml().getBytes(StandardCharsets.UTF_8));
  }

  @PostMapping("/api/v1/findings/{id}/fixed-manifest")
  @Operation(summary = "Your manifests with the finding's rule fixed wherever it fails")
  public FixedManifestView fixUploaded(@PathVariable long id, @Valid @RequestBody ManifestRequest body) {
    FixedManifestService.Fixed f = manifests.fromUpload(CurrentUser.get(), id, body.yaml());
    return new FixedManifestView(f.fileName(), f.yaml(), f.applied(), f.unfixable(), f.problems());
  }

  @GetMapping("/api/v1/clusters/{id}/admission-policies")
  @Operation(summary = "Admission policies Kubeward installed in the cluster, and whether the policyAgent is on")
  public InstalledPoliciesView installedPolicies(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    EffectiveSettings.ComponentStatus agent = policies.policyAgent(id);
    return new InstalledPoliciesView(id, agent.active(), agent.reason(), policies.installed(id));
  }

  @GetMapping("/api/v1/clusters/{id}/admission-policies/{ruleId}")
  @Operation(summary = "A rule's admission policy for the cluster (its parameters), installable and installed")
  public ClusterPolicyView clusterPolicy(@PathVariable String id, @PathVariable String ruleId,
      @RequestParam(required = false) List<String> actions) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    Set<AdmissionPolicy.Action> a = AdmissionPolicyService.actions(actions);
    return view(policies.state(id, ruleId, a), a);
  }

  @PutMapping("/api/v1/clusters/{id}/admission-policies/{ruleId}")
  @Operation(summary = "Install or update a rule's admission policy in the cluster (securityAdmin, policyAgent on)")
  public ClusterPolicyView applyPolicy(@PathVariable String id, @PathVariable String ruleId,
      @RequestBody(required = false) PolicyRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    Set<AdmissionPolicy.Action> a = AdmissionPolicyService.actions(body == null ? null : body.actions());
    return view(policies.apply(id, ruleId, a, CurrentUser.name()), a);
  }

  @DeleteMapping("/api/v1/clusters/{id}/admission-policies/{ruleId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a rule's admission policy and binding from the cluster (securityAdmin)")
  public void removePolicy(@PathVariable String id, @PathVariable String ruleId) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    policies.remove(id, ruleId, CurrentUser.name());
  }

  private static ClusterPolicyView view(AdmissionPolicyService.ClusterPolicy p, Set<AdmissionPolicy.Action> actions) {
    return new ClusterPolicyView(p.ruleId(), p.policy().map(AdmissionPolicy::name).orElse(null),
        actions.stream().sorted().map(AdmissionPolicy.Action::value).toList(),
        p.policy().map(AdmissionPolicy::toYaml).orElse(null), p.installable(), p.reason(), p.policyAgent().active(),
        p.policyAgent().reason(), p.installed());
  }
}
