package dev.kubeward.server.posture;

import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.posture.AdmissionPolicy;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleFixtures;
import dev.kubeward.posture.RuleProblem;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.ApiExceptionHandler;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Misconfiguration rules: list and show the built-in and custom ones (metadata, CEL, fixtures' expectations and the
 * admission policy each exports to), and post, replace or remove custom rules (securityAdmin).
 */
@RestController
@Tag(name = "Rules", description = "Misconfiguration rules: built-in and custom, their fixtures and admission policies")
public class RulesController {
  private final PostureRules rules;
  private final AdmissionPolicyService policies;

  public RulesController(PostureRules rules, AdmissionPolicyService policies) {
    this.rules = rules;
    this.policies = policies;
  }

  /** A rule in the list. */
  public record RuleSummaryView(String id, String title, String severity, String category, String target,
      List<String> kinds, boolean custom, boolean quickFix, boolean admission) {}

  /** A rule's quick fix: the CEL producing the patch, and what it does. */
  public record RuleQuickFixView(String patch, String description, String appliesTo) {}

  /** A fixture shipped with a built-in rule, and what the rule must do with it. */
  public record RuleFixtureView(String name, String expectation, List<String> objects) {}

  /** The policy a rule exports to. */
  public record RulePolicyView(String ruleId, String name, List<String> actions, String yaml) {
    static RulePolicyView of(AdmissionPolicy p, Set<AdmissionPolicy.Action> actions) {
      return new RulePolicyView(p.ruleId(), p.name(), actions.stream().sorted().map(AdmissionPolicy.Action::value).toList(),
          p.toYaml());
    }
  }

  /** Who wrote a custom rule, when. */
  public record RuleAuthorView(String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {}

  /** One rule in full. */
  public record RuleView(String id, String title, String severity, String category, String target, List<String> kinds,
      String condition, String message, String description, String remediation, List<String> references,
      Map<String, Object> params, RuleQuickFixView quickFix, boolean custom, String source, RuleAuthorView author,
      List<RuleFixtureView> fixtures, RulePolicyView admissionPolicy, String admissionNote) {}

  /** A custom rule's YAML (one rule). */
  public record RuleRequest(@NotBlank String yaml) {}

  /** One problem of a rule that does not load. */
  public record RuleProblemView(String source, String ruleId, String message) {
    static RuleProblemView of(RuleProblem p) {
      return new RuleProblemView(p.source(), p.ruleId(), p.message());
    }
  }

  /** The outcome of validating rule text. */
  public record RuleValidationView(boolean valid, List<RuleProblemView> problems) {}

  @GetMapping("/api/v1/rules")
  @Operation(summary = "Every misconfiguration rule, built-in and custom, sorted by id")
  public List<RuleSummaryView> list() {
    CurrentUser.get();
    return rules.ruleSet().rules().stream().map(r -> new RuleSummaryView(r.id(), r.title(), severity(r), r.category(),
        r.target().label(), r.kinds(), rules.isCustom(r.id()), r.quickFix().isPresent(),
        AdmissionPolicyExporter.admissionCapable(r))).toList();
  }

  @GetMapping("/api/v1/rules/{id}")
  @Operation(summary = "One rule: metadata, CEL, fixtures' expectations and the admission policy it exports to")
  public RuleView show(@PathVariable String id) {
    CurrentUser.get();
    Rule r = rules.ruleSet().rule(id).orElseThrow(() -> ApiException.notFound("rule", id));
    return view(r);
  }

  @PostMapping("/api/v1/rules/validate")
  @Operation(summary = "Check a rule's YAML without storing it: every problem, naming the rule and the CEL error")
  public RuleValidationView validate(@Valid @RequestBody RuleRequest body) {
    CurrentUser.get();
    List<RuleProblem> problems = rules.validate(body.yaml());
    return new RuleValidationView(problems.isEmpty(), problems.stream().map(RuleProblemView::of).toList());
  }

  @PostMapping("/api/v1/rules")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a custom rule (securityAdmin); every cluster is evaluated with it")
  public ResponseEntity<RuleView> add(@Valid @RequestBody RuleRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    Rule r = rules.add(body.yaml(), CurrentUser.name());
    return ResponseEntity.created(URI.create("/api/v1/rules/" + r.id())).body(view(r));
  }

  @PutMapping("/api/v1/rules/{id}")
  @Operation(summary = "Replace a custom rule (securityAdmin); the id stays")
  public RuleView replace(@PathVariable String id, @Valid @RequestBody RuleRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    return view(rules.replace(id, body.yaml(), CurrentUser.name()));
  }

  @DeleteMapping("/api/v1/rules/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a custom rule (securityAdmin); its findings are resolved by the next evaluation")
  public void remove(@PathVariable String id) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    rules.remove(id, CurrentUser.name());
  }

  @GetMapping("/api/v1/rules/{id}/admission-policy")
  @Operation(summary = "The ValidatingAdmissionPolicy and binding a rule exports to (actions: Deny, Warn, Audit)")
  public RulePolicyView policy(@PathVariable String id, @RequestParam(required = false) List<String> actions) {
    CurrentUser.get();
    Set<AdmissionPolicy.Action> a = AdmissionPolicyService.actions(actions);
    return RulePolicyView.of(policies.export(id, a, null), a);
  }

  @GetMapping("/api/v1/rules/{id}/admission-policy.yaml")
  @Operation(summary = "The same policy as a YAML file to apply with kubectl")
  public ResponseEntity<byte[]> policyYaml(@PathVariable String id, @RequestParam(required = false) List<String> actions) {
    CurrentUser.get();
    AdmissionPolicy p = policies.export(id, AdmissionPolicyService.actions(actions), null);
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
        .header("Content-Disposition", "attachment; filename=\"" + p.name() + ".yaml\"")
        .body(p.toYaml().getBytes(StandardCharsets.UTF_8));
  }

  private RuleView view(Rule r) {
    List<RuleFixtureView> fixtures = RuleFixtures.of(r.id()).stream().map(f -> new RuleFixtureView(f.name(),
        f.shouldFail() ? "fail" : "pass", new ManifestLoader().parse(f.text(), f.name()).objects().stream()
            .map(KubeObject::ref).map(ref -> ref.key()).toList())).toList();
    RulePolicyView policy = null;
    String note = policies.notAdmissible(r).orElse(null);
    if (note == null) {
      Set<AdmissionPolicy.Action> deny = Set.of(AdmissionPolicy.Action.DENY);
      policy = RulePolicyView.of(policies.export(r.id(), deny, null), deny);
    }
    RuleAuthorView author = rules.custom(r.id()).map(s -> new RuleAuthorView(s.createdBy(), s.createdAt(), s.updatedBy(),
        s.updatedAt())).orElse(null);
    return new RuleView(r.id(), r.title(), severity(r), r.category(), r.target().label(), r.kinds(), r.condition(),
        r.message(), r.description(), r.remediation(), r.references(), r.params(),
        r.quickFix().map(q -> new RuleQuickFixView(q.patch(), q.description(), switch (r.target()) {
          case CONTAINER -> "container";
          case POD_SPEC -> "pod spec";
          default -> "object";
        })).orElse(null), rules.isCustom(r.id()), r.source(), author, fixtures, policy, note);
  }

  private static String severity(Rule r) {
    return r.severity().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Turns a rejected rule into a 400 listing every problem (rule, field or CEL error with position). */
  @RestControllerAdvice(assignableTypes = RulesController.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class RejectedRuleAdvice {
    @ExceptionHandler(RuleRejectedException.class)
    ProblemDetail rejected(RuleRejectedException e) {
      ProblemDetail pd = ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, e.getMessage());
      pd.setProperty("problems", e.problems().stream().map(RuleProblemView::of).toList());
      return pd;
    }
  }
}
