package dev.kubeward.server.compliance;

import dev.kubeward.compliance.components.ComponentChecks;
import dev.kubeward.model.DetectionTechniques;
import dev.kubeward.compliance.ComplianceResult;
import dev.kubeward.compliance.ComplianceSummary;
import dev.kubeward.compliance.ControlResult;
import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import dev.kubeward.compliance.StandardProblem;
import dev.kubeward.compliance.report.ComplianceCsv;
import dev.kubeward.model.Control;
import dev.kubeward.model.Severity;
import dev.kubeward.model.Standard;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.ApiExceptionHandler;
import dev.kubeward.server.api.Cursor;
import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
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

/** Standards, each cluster's compliance per standard, the failing-controls grid, control detail, evidence and trend. */
@RestController
@Tag(name = "Compliance", description = "Standards, control status per cluster, failing controls, evidence, trend")
public class ComplianceController {
  /** Most resources listed per recommendation in the grid; the control detail and the evidence list more. */
  static final int GRID_RESOURCES = 20;
  /** Most resources listed per recommendation in the control detail. */
  static final int DETAIL_RESOURCES = 1000;
  /** Longest trend served. */
  static final int MAX_TREND_DAYS = 3660;

  private final ComplianceStandards standards;
  private final ComplianceService compliance;
  private final ComplianceReporter reporter;
  private final ComplianceSnapshotDao snapshots;
  private final WorkspaceService workspaces;
  private final Clock clock;

  public ComplianceController(ComplianceStandards standards, ComplianceService compliance, ComplianceReporter reporter,
      ComplianceSnapshotDao snapshots, WorkspaceService workspaces, Clock clock) {
    this.standards = standards;
    this.compliance = compliance;
    this.reporter = reporter;
    this.snapshots = snapshots;
    this.workspaces = workspaces;
    this.clock = clock;
  }

  /** A standard in the list. */
  public record StandardSummaryView(String id, String name, String version, String description, boolean builtIn,
      int sections, int controls, int automated) {}

  /** A section of a standard. */
  public record StandardSectionView(String id, String title) {}

  /** A control as the standard defines it. */
  public record ControlDefinitionView(String id, String title, String section, boolean automated, List<String> rules,
      String description, String audit) {}

  /** A standard with its sections and controls. */
  public record StandardDetailView(String id, String name, String version, String description, boolean builtIn,
      List<StandardSectionView> sections, List<ControlDefinitionView> controls) {}

  /** Body carrying a standard's YAML. */
  public record StandardRequest(@NotBlank String yaml) {}

  /** One problem of a posted standard. */
  public record StandardProblemView(String source, String controlId, String message) {
    static StandardProblemView of(StandardProblem p) {
      return new StandardProblemView(p.source(), p.controlId(), p.message());
    }
  }

  /** The result of validating a standard. */
  public record StandardValidationView(boolean valid, List<StandardProblemView> problems) {}

  /** A standard's score in one cluster. */
  public record StandardScoreView(String id, String name, String version, Double score, int passed, int failed,
      int manual, int notEvaluated, int automated) {
    static StandardScoreView of(ComplianceResult r) {
      ComplianceSummary s = r.summary();
      return new StandardScoreView(r.standard().id(), r.standard().name(), r.standard().version(),
          s.score().isPresent() ? s.score().getAsDouble() : null, s.passed(), s.failed(), s.manual(),
          s.notEvaluated(), s.automated());
    }
  }

  /** A cluster's compliance per selected standard. */
  public record ClusterComplianceView(String clusterId, boolean evaluated, String detail, Instant evaluatedAt,
      List<StandardScoreView> standards, List<String> selected, List<String> unknownStandards) {}

  /** A failing resource. */
  public record FailingResourceView(String apiVersion, String kind, String namespace, String name, String container,
      String message) {
    static FailingResourceView of(FailingResource r) {
      return new FailingResourceView(r.resource().apiVersion(), r.resource().kind(), r.resource().namespace(),
          r.resource().name(), r.container(), r.message());
    }
  }

  /** A recommendation (rule) failing a control, with (some of) its resources. */
  public record ControlRecommendationView(String ruleId, String source, String title, String severity,
      String remediation, int resourceCount, boolean resourcesTruncated, List<FailingResourceView> resources) {}

  /**
   * What decided a recommendation, so the dashboard links to the right place: a misconfiguration rule, a control-plane
   * or kubelet check, or a runtime detection with open alerts. Looked up in the catalogues, never guessed from the id.
   */
  static String source(String ruleId) {
    if (ComponentChecks.builtInIds().contains(ruleId)) {
      return "check";
    }
    return DetectionTechniques.installed().containsKey(ruleId) ? "detection" : "rule";
  }

  /** A failing control in the grid. */
  public record FailingControlView(String standardId, String standardName, String controlId, String title,
      String section, String sectionTitle, String severity, int resourceCount, List<ControlRecommendationView> recommendations) {}

  /** Everything about one control in one cluster. */
  public record ControlDetailView(String clusterId, String standardId, String standardName, String controlId,
      String title, String section, String sectionTitle, boolean automated, List<String> rules, String description,
      String audit, String status, String notEvaluatedReason, String notEvaluatedDetail, String severity,
      int resourceCount, Instant evaluatedAt, List<ControlRecommendationView> recommendations) {}

  /** One day of a standard's trend. */
  public record ComplianceTrendPointView(String day, Double score, int passed, int failed, int manual, int notEvaluated) {}

  /** A standard's score over time in one cluster. */
  public record ComplianceTrendView(String clusterId, String standardId, int days, List<ComplianceTrendPointView> points) {}

  /** One control in the evidence export. */
  public record ComplianceEvidenceControlView(String id, String title, String section, String sectionTitle, String status,
      boolean automated, List<String> rules, String notEvaluatedReason, String notEvaluatedDetail, String severity,
      String description, String audit, List<ControlRecommendationView> recommendations) {}

  /** The evidence of one standard in one cluster: every control with status, rules, resources and timestamps. */
  public record ComplianceEvidenceView(String clusterId, String clusterName, String standardId, String standardName,
      String standardVersion, Instant evaluatedAt, Instant exportedAt, StandardScoreView summary,
      List<ComplianceEvidenceControlView> controls) {}

  // ---- standards ----

  @GetMapping("/api/v1/compliance/standards")
  @Operation(summary = "Every compliance standard, built-in and custom")
  public List<StandardSummaryView> list() {
    CurrentUser.get();
    return standards.standards().all().stream().map(s -> new StandardSummaryView(s.id(), s.name(), s.version(),
        s.description(), !standards.isCustom(s.id()), s.sections().size(), s.controls().size(),
        (int) s.controls().stream().filter(Control::automated).count())).toList();
  }

  @GetMapping("/api/v1/compliance/standards/{standardId}")
  @Operation(summary = "One standard: its sections and controls, the rules that decide them, audit steps of manual ones")
  public StandardDetailView standard(@PathVariable String standardId) {
    CurrentUser.get();
    return detail(standards.get(standardId));
  }

  @PostMapping("/api/v1/compliance/standards/validate")
  @Operation(summary = "Check a standard's YAML without storing it (unknown rule ids, duplicate control ids, ...)")
  public StandardValidationView validate(@Valid @RequestBody StandardRequest body) {
    CurrentUser.get();
    List<StandardProblem> problems = standards.validate(body.yaml());
    return new StandardValidationView(problems.isEmpty(), problems.stream().map(StandardProblemView::of).toList());
  }

  @PostMapping("/api/v1/compliance/standards")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a custom standard (securityAdmin); select it in the compliance.standards setting")
  public ResponseEntity<StandardDetailView> add(@Valid @RequestBody StandardRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    Standard s = standards.add(body.yaml(), CurrentUser.name());
    return ResponseEntity.created(URI.create("/api/v1/compliance/standards/" + s.id())).body(detail(s));
  }

  @PutMapping("/api/v1/compliance/standards/{standardId}")
  @Operation(summary = "Replace a custom standard (securityAdmin); the id stays")
  public StandardDetailView replace(@PathVariable String standardId, @Valid @RequestBody StandardRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    return detail(standards.replace(standardId, body.yaml(), CurrentUser.name()));
  }

  @DeleteMapping("/api/v1/compliance/standards/{standardId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a custom standard (securityAdmin); its failing controls are resolved")
  public void remove(@PathVariable String standardId) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    standards.remove(standardId, CurrentUser.name());
  }

  // ---- per cluster ----

  @GetMapping("/api/v1/clusters/{id}/compliance")
  @Operation(summary = "A cluster's score and passed/failed/manual/not-evaluated counts per selected standard")
  public ClusterComplianceView summary(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    List<String> selected = compliance.selection(id);
    var cc = compliance.compliance(id);
    if (cc.isEmpty()) {
      return new ClusterComplianceView(id, false, "not evaluated: compliance is assessed from the misconfiguration"
          + " scan, which has not run for this cluster", null, List.of(), selected, List.of());
    }
    return new ClusterComplianceView(id, true, "", cc.get().evaluatedAt(),
        cc.get().results().stream().map(StandardScoreView::of).toList(), selected, cc.get().unknownStandards());
  }

  @GetMapping("/api/v1/clusters/{id}/compliance/failing")
  @Operation(summary = "The failing controls only, worst first, with their recommendations and affected resources;"
      + " filters: standard, section, control, severity (list), namespace, kind")
  public Page<FailingControlView> failing(@PathVariable String id,
      @RequestParam(required = false) String standard, @RequestParam(required = false) String section,
      @RequestParam(required = false) String control, @RequestParam(required = false) String severity,
      @RequestParam(required = false) String namespace, @RequestParam(required = false) String kind,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    PageRequest page = PageRequest.of(limit, cursor, null, List.of("severity"));
    Set<Severity> severities = severities(severity);
    var cc = compliance.compliance(id);
    if (cc.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    if (standard != null && !standard.isBlank() && cc.get().result(standard).isEmpty()) {
      throw ApiException.badRequest("standard '" + standard + "' is not selected for this cluster; selected: "
          + String.join(", ", compliance.selection(id)));
    }
    List<Row> rows = new ArrayList<>();
    for (ComplianceResult r : cc.get().results()) {
      if (standard != null && !standard.isBlank() && !r.standard().id().equals(standard)) {
        continue;
      }
      int position = 0;
      for (ControlResult c : r.controls()) {
        position++;
        if (c.status() != dev.kubeward.compliance.ControlStatus.FAILED
            || (section != null && !section.isBlank() && !c.control().section().equals(section))
            || (control != null && !control.isBlank() && !c.control().id().equals(control))
            || (!severities.isEmpty() && !severities.contains(c.severity()))) {
          continue;
        }
        List<ControlRecommendationView> recs = recommendations(c, namespace, kind, GRID_RESOURCES);
        if (recs.isEmpty()) {
          continue;
        }
        int count = (int) recs.stream().mapToLong(ControlRecommendationView::resourceCount).sum();
        rows.add(new Row(c.severity().ordinal(), r.standard().id(), position, new FailingControlView(
            r.standard().id(), r.standard().name(), c.control().id(), c.control().title(), c.control().section(),
            r.standard().sectionTitle(c.control().section()), sev(c.severity()), count, recs)));
      }
    }
    rows.sort(Row.ORDER);
    List<Row> after = rows;
    if (page.cursor().isPresent()) {
      Row mark = Row.parse(page.cursor().get());
      after = rows.stream().filter(r -> Row.ORDER.compare(r, mark) > 0).toList();
    }
    List<Row> plusOne = after.subList(0, Math.min(after.size(), page.limit() + 1));
    return Page.of(plusOne, page, Row::sortValue, Row::id).map(Row::view);
  }

  @GetMapping("/api/v1/clusters/{id}/compliance/standards/{standardId}/controls/{controlId}")
  @Operation(summary = "One control in a cluster: status (with the reason when not evaluated), recommendations with"
      + " remediation and affected resources, audit steps")
  public ControlDetailView control(@PathVariable String id, @PathVariable String standardId,
      @PathVariable String controlId) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    ComplianceResult r = result(id, standardId);
    ControlResult c = r.control(controlId).orElseThrow(() -> ApiException.notFound("control", controlId));
    Control d = c.control();
    List<ControlRecommendationView> recs = recommendations(c, null, null, DETAIL_RESOURCES);
    return new ControlDetailView(id, standardId, r.standard().name(), d.id(), d.title(), d.section(),
        r.standard().sectionTitle(d.section()), d.automated(), d.ruleIds(), d.description(), d.audit(),
        c.status().label(), c.notEvaluated().map(n -> n.reason().label()).orElse(null),
        c.notEvaluated().map(n -> n.detail()).orElse(null), c.failing().isEmpty() ? null : sev(c.severity()),
        c.failingResourceCount(), r.evaluatedAt(), recs);
  }

  @GetMapping("/api/v1/clusters/{id}/compliance/standards/{standardId}/evidence")
  @Operation(summary = "Evidence of one standard: every control with status, rules, resources and timestamps, as"
      + " json or csv (formula-safe)",
      responses = @ApiResponse(responseCode = "200", content = {
          @Content(mediaType = "application/json", schema = @Schema(implementation = ComplianceEvidenceView.class)),
          @Content(mediaType = "text/csv", schema = @Schema(type = "string"))}))
  public Object evidence(@PathVariable String id, @PathVariable String standardId,
      @RequestParam(defaultValue = "json") String format, HttpServletResponse response) throws IOException {
    CurrentUser.requireCluster(id);
    Cluster cluster = workspaces.cluster(id);
    ComplianceResult r = result(id, standardId);
    String file = "kubeward-compliance-" + safe(cluster.name()) + "-" + standardId + "-"
        + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> {
        response.setStatus(200);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        ComplianceCsv.write(r, w);
        w.flush();
        return null;
      }
      case "json" -> {
        List<ComplianceEvidenceControlView> controls = r.controls().stream().map(c -> new ComplianceEvidenceControlView(
            c.control().id(), c.control().title(), c.control().section(),
            r.standard().sectionTitle(c.control().section()), c.status().label(), c.control().automated(),
            c.control().ruleIds(), c.notEvaluated().map(n -> n.reason().label()).orElse(null),
            c.notEvaluated().map(n -> n.detail()).orElse(null), c.failing().isEmpty() ? null : sev(c.severity()),
            c.control().description(), c.control().audit(), recommendations(c, null, null, Integer.MAX_VALUE)))
            .toList();
        return ResponseEntity.ok()
            .header("Content-Disposition", "attachment; filename=\"" + file + ".json\"")
            .header("Cache-Control", "no-store")
            .body(new ComplianceEvidenceView(id, cluster.name(), standardId, r.standard().name(), r.standard().version(),
                r.evaluatedAt(), clock.instant(), StandardScoreView.of(r), controls));
      }
      default -> throw ApiException.badRequest("unknown format '" + format + "'; expected json or csv");
    }
  }

  @GetMapping("/api/v1/clusters/{id}/compliance/standards/{standardId}/trend")
  @Operation(summary = "A standard's daily score in a cluster over the last 'days' days (default 90), oldest first")
  public ComplianceTrendView trend(@PathVariable String id, @PathVariable String standardId,
      @RequestParam(defaultValue = "90") int days) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    if (days < 1 || days > MAX_TREND_DAYS) {
      throw ApiException.badRequest("'days' must be between 1 and " + MAX_TREND_DAYS + ", was " + days);
    }
    standards.get(standardId);
    // Today's point is written with the first report of the day; make sure it exists before answering.
    reporter.report(id);
    LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
    return new ComplianceTrendView(id, standardId, days, snapshots.trend(id, standardId, since).stream()
        .map(p -> new ComplianceTrendPointView(p.day().toString(), p.score(), p.passed(), p.failed(), p.manual(),
            p.notEvaluated())).toList());
  }

  // ---- helpers ----

  private ComplianceResult result(String clusterId, String standardId) {
    standards.get(standardId);
    var cc = compliance.compliance(clusterId).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
        "compliance is not evaluated for this cluster yet: its misconfiguration scan has not run"));
    return cc.result(standardId).orElseThrow(() -> ApiException.badRequest("standard '" + standardId
        + "' is not selected for this cluster; selected: " + String.join(", ", compliance.selection(clusterId))));
  }

  private static List<ControlRecommendationView> recommendations(ControlResult c, String namespace, String kind, int max) {
    List<ControlRecommendationView> out = new ArrayList<>();
    for (FailingRule f : c.failing()) {
      List<FailingResource> matching = f.resources().stream()
          .filter(r -> namespace == null || namespace.isBlank() || r.resource().namespace().equals(namespace))
          .filter(r -> kind == null || kind.isBlank() || r.resource().kind().equalsIgnoreCase(kind))
          .toList();
      if (matching.isEmpty()) {
        continue;
      }
      out.add(new ControlRecommendationView(f.ruleId(), source(f.ruleId()), f.title(), sev(f.severity()),
          f.remediation(), matching.size(),
          matching.size() > max, matching.stream().limit(max).map(FailingResourceView::of).toList()));
    }
    return out;
  }

  private static Set<Severity> severities(String text) {
    if (text == null || text.isBlank()) {
      return Set.of();
    }
    try {
      return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Severity::parse)
          .collect(Collectors.toSet());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown severity in '" + text + "'; expected critical, high, medium, low");
    }
  }

  private static String sev(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private StandardDetailView detail(Standard s) {
    return new StandardDetailView(s.id(), s.name(), s.version(), s.description(), !standards.isCustom(s.id()),
        s.sections().stream().map(sec -> new StandardSectionView(sec.id(), sec.title())).toList(),
        s.controls().stream().map(c -> new ControlDefinitionView(c.id(), c.title(), c.section(), c.automated(),
            c.ruleIds(), c.description(), c.audit())).toList());
  }

  /** A grid row with its sort key: severity, standard, the control's position in the standard. */
  private record Row(int severity, String standard, int position, FailingControlView view) {
    static final java.util.Comparator<Row> ORDER = java.util.Comparator.comparingInt(Row::severity)
        .thenComparing(Row::standard).thenComparingInt(Row::position);

    String sortValue() {
      return severity + "|" + standard + "|" + position;
    }

    String id() {
      return standard + ":" + view.controlId();
    }

    static Row parse(Cursor c) {
      String[] parts = c.value().split("\\|", 3);
      try {
        return new Row(Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]), null);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("'cursor' is not a cursor of this listing");
      }
    }
  }

  /** Turns a rejected standard into a 400 listing every problem. */
  @RestControllerAdvice(assignableTypes = ComplianceController.class)
  @Order(Ordered.HIGHEST_PRECEDENCE)
  static class RejectedStandardAdvice {
    @ExceptionHandler(StandardRejectedException.class)
    ProblemDetail rejected(StandardRejectedException e) {
      ProblemDetail pd = ApiExceptionHandler.problem(HttpStatus.BAD_REQUEST, e.getMessage());
      pd.setProperty("problems", e.problems().stream().map(StandardProblemView::of).toList());
      return pd;
    }
  }
}
