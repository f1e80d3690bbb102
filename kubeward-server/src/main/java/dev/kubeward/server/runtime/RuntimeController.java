package dev.kubeward.server.runtime;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.detection.Detection;
import dev.kubeward.runtime.drift.DriftAction;
import dev.kubeward.runtime.drift.DriftPolicy;
import dev.kubeward.runtime.drift.LabelSelector;
import dev.kubeward.runtime.event.EntityType;
import dev.kubeward.runtime.event.EventKind;
import dev.kubeward.runtime.event.EventSource;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.incident.Incident;
import dev.kubeward.runtime.incident.IncidentGrouper;
import dev.kubeward.runtime.pipeline.AlertChange;
import dev.kubeward.runtime.pipeline.TestAlerts;
import dev.kubeward.runtime.suppression.SuppressionRule;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.findings.FindingChange;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Security alerts and their workflow: list and detail (entities, evidence, recommended steps, MITRE), the events
 * around an alert ("Open logs"), status changes (SecurityAdmin, in bulk, with who/when/why in the finding's history),
 * suppression rules, drift policies, incidents, sensor health and test alerts.
 */
@RestController
@Tag(name = "Runtime", description = "Security alerts, suppression rules, drift policies, incidents, sensors")
public class RuntimeController {
  /** Alerts of the window grouped into incidents at most (the grouping runs in memory). */
  private static final int MAX_INCIDENT_ALERTS = 5000;
  private static final int MAX_EVENTS = 500;

  private final RuntimeAlertStore alerts;
  private final RuntimeAlertService alertService;
  private final RuntimePolicyStore policies;
  private final RuntimeEventStore events;
  private final RuntimePipelineService pipeline;
  private final ClusterEngines engines;
  private final RuntimeIngestService ingest;
  private final FindingService findings;
  private final FindingDao findingDao;
  private final WorkspaceService workspaces;
  private final SettingsService settings;
  private final ActivityLog activity;
  private final IdGenerator ids;
  private final Clock clock;
  private final TransactionTemplate tx;

  public RuntimeController(RuntimeAlertStore alerts, RuntimeAlertService alertService, RuntimePolicyStore policies,
      RuntimeEventStore events, RuntimePipelineService pipeline, ClusterEngines engines, RuntimeIngestService ingest, FindingService findings,
      FindingDao findingDao, WorkspaceService workspaces, SettingsService settings, ActivityLog activity,
      IdGenerator ids, Clock clock, PlatformTransactionManager transactions) {
    this.alerts = alerts;
    this.alertService = alertService;
    this.policies = policies;
    this.events = events;
    this.pipeline = pipeline;
    this.engines = engines;
    this.ingest = ingest;
    this.findings = findings;
    this.findingDao = findingDao;
    this.workspaces = workspaces;
    this.settings = settings;
    this.activity = activity;
    this.ids = ids;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Body of a (bulk) status change. */
  public record StatusChangeRequest(@NotEmpty @Size(max = 10_000) List<String> alertIds, @NotBlank String status,
      @Size(max = 4000) String comment) {}

  /** Body of a suppression rule. */
  public record SuppressionRuleRequest(@Size(max = 200) String name, @Size(max = 100) List<String> detectionIds,
      @Size(max = 300) String cluster, @Size(max = 300) String namespace, @Size(max = 600) String workload,
      @Size(max = 600) String image, @Size(max = 300) String user, @Size(max = 1000) String process,
      @Size(max = 2000) String commandLine, @NotBlank @Size(max = 2000) String reason, Instant expiresAt,
      Boolean applyToExisting) {}

  /** A label selector requirement in a request. */
  public record RequirementRequest(@NotBlank String key, @NotBlank String operator, List<String> values) {}

  /** Body of a drift policy. */
  public record DriftPolicyRequest(@Size(max = 36) String id, @Size(max = 200) String name, @NotBlank String action,
      List<String> clusters, List<String> namespaces, Map<String, String> matchLabels,
      List<RequirementRequest> matchExpressions, List<String> images, List<String> paths) {}

  /** The ordered list of drift policies. */
  public record DriftPoliciesRequest(@jakarta.validation.constraints.NotNull @Size(max = 500) List<@Valid DriftPolicyRequest> policies) {}

  /** Result of applying a rule to existing alerts. */
  public record AppliedView(String ruleId, int dismissed, List<String> alertIds) {}

  // --- alerts

  @GetMapping("/api/v1/clusters/{id}/runtime/alerts")
  @Operation(summary = "A cluster's security alerts, one page at a time: latest activity first (sort=-lastSeen), worst"
      + " risk first (sort=risk) or in the order they were raised (sort=created, stable while alerts change)")
  public Page<RuntimeViews.AlertSummaryView> list(@PathVariable String id,
      @RequestParam(required = false) String status, @RequestParam(required = false) String sort,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    Optional<AlertStatus> only = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(AlertStatus::parse);
    PageRequest page = PageRequest.of(limit, cursor, sort == null || sort.isBlank() ? "-lastSeen" : sort,
        RuntimeAlertStore.SORTABLE);
    return Page.of(alerts.page(id, only, page), page, RuntimeAlertStore.Listed::sortValue,
        l -> l.stored().alert().id()).map(l -> RuntimeViews.AlertSummaryView.of(l.stored()));
  }

  @GetMapping("/api/v1/runtime/alerts/{alertId}")
  @Operation(summary = "One alert with entities, evidence, recommended steps and MITRE mapping")
  public RuntimeViews.AlertView alert(@PathVariable String alertId) {
    return view(load(alertId));
  }

  @GetMapping("/api/v1/findings/{id}/alert")
  @Operation(summary = "The alert behind an ALERT finding")
  public RuntimeViews.AlertView alertOfFinding(@PathVariable long id) {
    RuntimeAlertStore.StoredAlert s = alerts.byFinding(id)
        .orElseThrow(() -> ApiException.notFound("alert of finding", Long.toString(id)));
    CurrentUser.requireCluster(s.alert().cluster());
    return view(s);
  }

  private RuntimeAlertStore.StoredAlert load(String alertId) {
    RuntimeAlertStore.StoredAlert s = alerts.find(alertId).orElseThrow(() -> ApiException.notFound("alert", alertId));
    CurrentUser.requireCluster(s.alert().cluster());
    return s;
  }

  private RuntimeViews.AlertView view(RuntimeAlertStore.StoredAlert s) {
    FindingChange last = null;
    if (s.findingId() != null) {
      for (FindingChange c : findingDao.history(s.findingId())) {
        if ("status".equals(c.field()) && (last == null || !c.at().isBefore(last.at()))) {
          last = c;
        }
      }
    }
    return RuntimeViews.AlertView.of(s, last);
  }

  @GetMapping("/api/v1/runtime/alerts/{alertId}/events")
  @Operation(summary = "Open logs: the stored events around an alert (scope pod, namespace or cluster)")
  public RuntimeViews.EventsAroundView eventsAround(@PathVariable String alertId,
      @RequestParam(required = false) Integer minutes, @RequestParam(required = false) String scope) {
    Alert a = load(alertId).alert();
    int m = minutes == null ? 10 : Math.max(1, Math.min(minutes, 1440));
    String pod = a.entity(EntityType.POD);
    String ns = a.entity(EntityType.NAMESPACE);
    String sc = scope != null ? scope : !pod.isEmpty() ? "pod" : !ns.isEmpty() ? "namespace" : "cluster";
    Optional<String> onNs = Optional.empty();
    Optional<String> onPod = Optional.empty();
    switch (sc) {
      case "pod" -> {
        onNs = Optional.of(ns);
        onPod = Optional.of(podName(pod));
      }
      case "namespace" -> onNs = Optional.of(ns);
      case "cluster" -> { }
      default -> throw ApiException.badRequest("unknown scope '" + sc + "'; expected pod, namespace or cluster");
    }
    Instant from = a.firstSeen().minus(Duration.ofMinutes(m));
    Instant to = a.lastSeen().plus(Duration.ofMinutes(m));
    Set<String> evidence = new HashSet<>();
    a.evidence().forEach(r -> evidence.add(r.id()));
    List<RuntimeEventStore.StoredEvent> found = events.withEvents(
        events.between(a.cluster(), from, to, onNs, onPod, MAX_EVENTS + 1), ingest.formats());
    boolean truncated = found.size() > MAX_EVENTS;
    List<RuntimeViews.EventView> out = found.stream().limit(MAX_EVENTS)
        .map(e -> new RuntimeViews.EventView(e.eventId(), e.time(), e.source(), e.kind(), e.namespace(), e.pod(),
            e.node(), e.user(), e.summary(), evidence.contains(e.eventId()), e.event()))
        .toList();
    int retention = (int) settings.effective(a.cluster()).integer(RuntimeSettings.RETENTION_DAYS);
    return new RuntimeViews.EventsAroundView(a.id(), from, to, sc, retention, truncated, out);
  }

  /** The pod entity is {@code namespace/pod}; the events table holds the bare pod name. */
  private static String podName(String podEntity) {
    int slash = podEntity.indexOf('/');
    return slash < 0 ? podEntity : podEntity.substring(slash + 1);
  }

  @PostMapping("/api/v1/runtime/alerts/status")
  @Operation(summary = "Change the status of one or many alerts (securityAdmin); who, when and why are recorded")
  public List<RuntimeViews.StatusResultView> changeStatus(@Valid @RequestBody StatusChangeRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    AlertStatus to = AlertStatus.parse(body.status());
    if (to == AlertStatus.DISMISSED && (body.comment() == null || body.comment().isBlank())) {
      throw ApiException.badRequest("dismissing an alert needs a comment saying why");
    }
    List<RuntimeViews.StatusResultView> out = new ArrayList<>();
    Map<Long, String> byFinding = new HashMap<>();
    for (String alertId : body.alertIds()) {
      Optional<RuntimeAlertStore.StoredAlert> s = alerts.find(alertId);
      if (s.isEmpty() || !who.mayAccessCluster(s.get().alert().cluster())) {
        out.add(new RuntimeViews.StatusResultView(alertId, "notFound", "no alert with this id"));
      } else if (s.get().findingId() == null) {
        out.add(new RuntimeViews.StatusResultView(alertId, "failed", "the alert has no finding yet"));
      } else {
        byFinding.put(s.get().findingId(), alertId);
      }
    }
    if (!byFinding.isEmpty()) {
      // The SIEM messages of the changes are written inside this transaction (SiemStatusListener).
      List<AlertChange> changed = new ArrayList<>();
      for (FindingService.ItemResult r : findings.changeStatus(who, new ArrayList<>(byFinding.keySet()),
          RuntimeAlertStore.toFindingStatus(to), body.comment())) {
        String alertId = byFinding.get(r.id());
        out.add(new RuntimeViews.StatusResultView(alertId, r.outcome().name().toLowerCase(Locale.ROOT),
            r.message()));
        if (r.outcome() == FindingService.Outcome.CHANGED) {
          alerts.find(alertId).ifPresent(s -> changed.add(new AlertChange(AlertChange.Change.UPDATED, s.alert())));
        }
      }
      alertService.publish(changed);
    }
    return out;
  }

  // --- suppression rules

  @GetMapping("/api/v1/runtime/suppression-rules")
  @Operation(summary = "Suppression rules, with whether each has expired")
  public List<RuntimeViews.SuppressionRuleView> suppressionRules() {
    CurrentUser.get();
    Instant now = clock.instant();
    return policies.suppressionRules().stream().map(r -> RuntimeViews.SuppressionRuleView.of(r, now)).toList();
  }

  @GetMapping("/api/v1/runtime/suppression-rules/{ruleId}")
  @Operation(summary = "One suppression rule")
  public RuntimeViews.SuppressionRuleView suppressionRule(@PathVariable String ruleId) {
    CurrentUser.get();
    return RuntimeViews.SuppressionRuleView.of(rule(ruleId), clock.instant());
  }

  private SuppressionRule rule(String ruleId) {
    return policies.suppressionRule(ruleId).orElseThrow(() -> ApiException.notFound("suppression rule", ruleId));
  }

  @PostMapping("/api/v1/runtime/suppression-rules")
  @Operation(summary = "Create a suppression rule (securityAdmin); applyToExisting dismisses matching open alerts")
  public ResponseEntity<RuntimeViews.SuppressionRuleView> createRule(@Valid @RequestBody SuppressionRuleRequest b) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    Instant now = clock.instant();
    SuppressionRule r = toRule(ids.newId(), b, who.name(), now);
    policies.saveSuppressionRule(r, true);
    activity.record(who.name(), "runtime.suppression.create", "suppressionRule", r.id(), "rule '" + r.name() + "'");
    if (Boolean.TRUE.equals(b.applyToExisting())) {
      alertService.applyToExisting(r);
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(RuntimeViews.SuppressionRuleView.of(r, now));
  }

  @PutMapping("/api/v1/runtime/suppression-rules/{ruleId}")
  @Operation(summary = "Change a suppression rule (securityAdmin)")
  public RuntimeViews.SuppressionRuleView updateRule(@PathVariable String ruleId,
      @Valid @RequestBody SuppressionRuleRequest b) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    SuppressionRule old = rule(ruleId);
    SuppressionRule r = toRule(ruleId, b, old.author(), old.createdAt());
    policies.saveSuppressionRule(r, false);
    activity.record(who.name(), "runtime.suppression.update", "suppressionRule", r.id(), "rule '" + r.name() + "'");
    if (Boolean.TRUE.equals(b.applyToExisting())) {
      alertService.applyToExisting(r);
    }
    return RuntimeViews.SuppressionRuleView.of(r, clock.instant());
  }

  @DeleteMapping("/api/v1/runtime/suppression-rules/{ruleId}")
  @Operation(summary = "Delete a suppression rule (securityAdmin); alerts it dismissed stay dismissed")
  public ResponseEntity<Void> deleteRule(@PathVariable String ruleId) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    if (!policies.deleteSuppressionRule(ruleId)) {
      throw ApiException.notFound("suppression rule", ruleId);
    }
    activity.record(who.name(), "runtime.suppression.delete", "suppressionRule", ruleId, "rule deleted");
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/runtime/suppression-rules/{ruleId}/apply")
  @Operation(summary = "Apply a rule to existing open alerts (securityAdmin): they become Dismissed, naming the rule")
  public AppliedView applyRule(@PathVariable String ruleId) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    SuppressionRule r = rule(ruleId);
    if (r.expired(clock.instant())) {
      throw ApiException.conflict("suppression rule '" + r.name() + "' " + r.describeState(clock.instant())
          + " and cannot be applied");
    }
    List<Alert> dismissed = alertService.applyToExisting(r);
    return new AppliedView(r.id(), dismissed.size(), dismissed.stream().map(Alert::id).toList());
  }

  private static SuppressionRule toRule(String id, SuppressionRuleRequest b, String author, Instant createdAt) {
    return new SuppressionRule(id, b.name(), b.detectionIds(), b.cluster(), b.namespace(), b.workload(), b.image(),
        b.user(), b.process(), b.commandLine(), b.reason(), author, createdAt, b.expiresAt());
  }

  // --- drift policies

  @GetMapping("/api/v1/runtime/drift-policies")
  @Operation(summary = "Drift policies in evaluation order (the first that matches decides)")
  public List<RuntimeViews.DriftPolicyView> driftPolicies() {
    CurrentUser.get();
    return policies.driftPolicies().stream().map(RuntimeViews.DriftPolicyView::of).toList();
  }

  @PutMapping("/api/v1/runtime/drift-policies")
  @Operation(summary = "Replace the ordered list of drift policies (securityAdmin)")
  public List<RuntimeViews.DriftPolicyView> replaceDriftPolicies(@Valid @RequestBody DriftPoliciesRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    List<DriftPolicy> list = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (DriftPolicyRequest p : body.policies() == null ? List.<DriftPolicyRequest>of() : body.policies()) {
      DriftPolicy d = toPolicy(p);
      if (!seen.add(d.id())) {
        throw ApiException.badRequest("two drift policies have the id '" + d.id() + "'");
      }
      list.add(d);
    }
    tx.executeWithoutResult(s -> policies.replaceDriftPolicies(list, who.name(), clock.instant()));
    activity.record(who.name(), "runtime.drift.replace", "driftPolicies", "all", list.size() + " policies");
    return driftPolicies();
  }

  @PostMapping("/api/v1/runtime/drift-policies")
  @Operation(summary = "Add a drift policy at the end of the list (securityAdmin)")
  public ResponseEntity<RuntimeViews.DriftPolicyView> addDriftPolicy(@Valid @RequestBody DriftPolicyRequest body) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    DriftPolicy d = toPolicy(body);
    List<DriftPolicy> list = new ArrayList<>(policies.driftPolicies());
    if (list.stream().anyMatch(p -> p.id().equals(d.id()))) {
      throw ApiException.conflict("a drift policy with the id '" + d.id() + "' exists");
    }
    list.add(d);
    tx.executeWithoutResult(s -> policies.replaceDriftPolicies(list, who.name(), clock.instant()));
    activity.record(who.name(), "runtime.drift.create", "driftPolicy", d.id(), "policy '" + d.name() + "'");
    return ResponseEntity.status(HttpStatus.CREATED).body(RuntimeViews.DriftPolicyView.of(d));
  }

  @DeleteMapping("/api/v1/runtime/drift-policies/{policyId}")
  @Operation(summary = "Delete a drift policy (securityAdmin)")
  public ResponseEntity<Void> deleteDriftPolicy(@PathVariable String policyId) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    List<DriftPolicy> list = new ArrayList<>(policies.driftPolicies());
    if (!list.removeIf(p -> p.id().equals(policyId))) {
      throw ApiException.notFound("drift policy", policyId);
    }
    tx.executeWithoutResult(s -> policies.replaceDriftPolicies(list, who.name(), clock.instant()));
    activity.record(who.name(), "runtime.drift.delete", "driftPolicy", policyId, "policy deleted");
    return ResponseEntity.noContent().build();
  }

  private DriftPolicy toPolicy(DriftPolicyRequest p) {
    DriftAction action;
    try {
      action = DriftAction.valueOf(p.action().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown drift action '" + p.action() + "'; expected allow or alert");
    }
    List<LabelSelector.Requirement> reqs = p.matchExpressions() == null ? List.of()
        : p.matchExpressions().stream().map(r -> new LabelSelector.Requirement(r.key(), r.operator(),
            r.values() == null ? List.of() : r.values())).toList();
    String id = p.id() == null || p.id().isBlank() ? ids.newId() : p.id();
    return new DriftPolicy(id, p.name(), action, p.clusters(), p.namespaces(),
        new LabelSelector(p.matchLabels() == null ? Map.of() : p.matchLabels(), reqs), p.images(), p.paths());
  }

  // --- incidents

  @GetMapping("/api/v1/clusters/{id}/runtime/incidents")
  @Operation(summary = "Alerts of the last days grouped into incidents by shared entities, latest activity first, one"
      + " page at a time")
  public Page<RuntimeViews.IncidentView> incidents(@PathVariable String id,
      @RequestParam(required = false) Integer days, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor, "-lastSeen", List.of("lastSeen"));
    Instant after = page.cursor().map(c -> {
      try {
        return Instant.parse(c.value());
      } catch (java.time.format.DateTimeParseException e) {
        throw ApiException.badRequest("'cursor' is not a cursor returned by this API");
      }
    }).orElse(null);
    // Keyset over the grouped list: (lastSeen, id) descending, strictly after the cursor's incident.
    List<RuntimeViews.IncidentView> rest = allIncidents(id, days).stream()
        .sorted(java.util.Comparator.comparing(RuntimeViews.IncidentView::lastSeen)
            .thenComparing(RuntimeViews.IncidentView::id).reversed())
        .filter(i -> after == null || i.lastSeen().isBefore(after)
            || (i.lastSeen().equals(after) && i.id().compareTo(page.cursor().get().id()) < 0))
        .limit(page.limit() + 1L).toList();
    return Page.of(rest, page, i -> i.lastSeen().toString(), RuntimeViews.IncidentView::id);
  }

  private List<RuntimeViews.IncidentView> allIncidents(String id, Integer days) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    int d = days == null ? 7 : Math.max(1, Math.min(days, 90));
    List<RuntimeAlertStore.StoredAlert> recent = alerts.list(id, Optional.of(clock.instant().minus(Duration.ofDays(d))),
        MAX_INCIDENT_ALERTS);
    Map<String, RuntimeAlertStore.StoredAlert> byId = new HashMap<>();
    recent.forEach(s -> byId.put(s.alert().id(), s));
    List<Incident> grouped = IncidentGrouper.defaults().group(recent.stream().map(RuntimeAlertStore.StoredAlert::alert)
        .toList());
    return grouped.stream().map(i -> RuntimeViews.IncidentView.of(i, i.alertIds().stream().map(byId::get)
        .filter(java.util.Objects::nonNull).map(RuntimeViews.AlertSummaryView::of).toList())).toList();
  }

  @GetMapping("/api/v1/clusters/{id}/runtime/incidents/{incidentId}")
  @Operation(summary = "One incident and its alerts")
  public RuntimeViews.IncidentView incident(@PathVariable String id, @PathVariable String incidentId,
      @RequestParam(required = false) Integer days) {
    return allIncidents(id, days).stream().filter(i -> i.id().equals(incidentId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("incident", incidentId));
  }

  // --- sensors, detections, pipeline

  @GetMapping("/api/v1/clusters/{id}/runtime/sensors")
  @Operation(summary = "Sensors that post events for a cluster: last batch, counts, refusals")
  public List<RuntimeViews.SensorView> sensors(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    Instant now = clock.instant();
    long silent = settings.effective(id).integer(RuntimeSettings.SILENT_MINUTES);
    return events.sensors(id).stream().map(s -> new RuntimeViews.SensorView(s.format(), s.firstSeenAt(),
        s.lastBatchAt(), s.lastEventAt(), s.batches(), s.events(), s.rejectedBatches(), s.throttledBatches(),
        s.throttledEvents(), s.lastRejection(), s.lastRejectionAt(),
        s.lastBatchAt() == null || s.lastBatchAt().plus(Duration.ofMinutes(silent)).isBefore(now),
        s.failedBatches(), s.lastFailure(), s.lastFailureAt())).toList();
  }

  @GetMapping("/api/v1/clusters/{id}/runtime/failed-batches")
  @Operation(summary = "Batches set aside after failing every processing attempt (kubeward.runtime.max-batch-attempts),"
      + " last failed first, with the error; they stay stored until retention deletes them")
  public List<RuntimeViews.FailedBatchView> failedBatches(@PathVariable String id,
      @RequestParam(required = false) Integer limit) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    int n = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
    return events.failedBatches(id, n).stream().map(RuntimeViews.FailedBatchView::of).toList();
  }

  @GetMapping("/api/v1/clusters/{id}/runtime/failed-batches/{batchId}/events")
  @Operation(summary = "The events of a failed batch, decoded again from its stored body (what was not evaluated)")
  public List<RuntimeViews.EventView> failedBatchEvents(@PathVariable String id, @PathVariable String batchId) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    if (events.failedBatches(id, 1000).stream().noneMatch(b -> b.id().equals(batchId))) {
      throw ApiException.notFound("failed batch", batchId);
    }
    return events.withEvents(events.ofBatch(id, batchId, MAX_EVENTS), ingest.formats()).stream()
        .map(e -> new RuntimeViews.EventView(e.eventId(), e.time(), e.source(), e.kind(), e.namespace(), e.pod(),
            e.node(), e.user(), e.summary(), false, e.event()))
        .toList();
  }

  @PostMapping("/api/v1/clusters/{id}/runtime/failed-batches/{batchId}/retry")
  @Operation(summary = "Process a failed batch again with a fresh set of attempts, once its cause is fixed"
      + " (securityAdmin); the recovery job takes it on its next sweep")
  public ResponseEntity<Void> retryFailedBatch(@PathVariable String id, @PathVariable String batchId) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    if (!events.retryFailed(id, batchId)) {
      throw ApiException.notFound("failed batch", batchId);
    }
    activity.record(who.name(), "runtime.batch.retry", "runtimeBatch", batchId, "failed batch queued for processing");
    return ResponseEntity.accepted().build();
  }

  @GetMapping("/api/v1/runtime/detections")
  @Operation(summary = "The built-in runtime detections")
  public List<RuntimeViews.DetectionView> detections() {
    CurrentUser.get();
    List<RuntimeViews.DetectionView> out = new ArrayList<>();
    for (Detection d : engines.catalog().detections()) {
      RuntimeViews.MitreView mitre = d.mitre().unmapped() ? null : new RuntimeViews.MitreView(d.mitre().tacticId(),
          d.mitre().tactic(), d.mitre().techniqueId(), d.mitre().technique(), d.mitre().techniqueUrl());
      out.add(new RuntimeViews.DetectionView(d.id(), d.title(), d.severity().label(), d.confidence().label(),
          d.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), mitre, d.description(), d.response(), true));
    }
    return out;
  }

  @GetMapping("/api/v1/runtime/pipeline")
  @Operation(summary = "Runtime pipeline counters: queue, processed events, alert latency percentiles over the last"
      + " 4,096 batches, or over those received since a time (admin)")
  public RuntimeViews.PipelineView pipelineStats(@RequestParam(required = false) Instant since) {
    CurrentUser.require(Role.ADMIN);
    RuntimePipelineService.Stats s = pipeline.stats(since == null ? Instant.EPOCH : since);
    return new RuntimeViews.PipelineView(s.capacity(), s.queued(), s.processedEvents(), s.processedBatches(),
        s.hits(), s.skippedBatches(), s.failedAttempts(), s.failedBatches(), s.latencyP50Millis(),
        s.latencyP99Millis(), s.latencyMaxMillis());
  }

  // --- test alerts

  @PostMapping("/api/v1/clusters/{id}/runtime/test-alert")
  @Operation(summary = "Raise a harmless, clearly labelled test alert through the whole pipeline (securityAdmin)")
  public ResponseEntity<RuntimeViews.AlertView> testAlert(@PathVariable String id) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    Instant now = clock.instant();
    String batchId = ids.newId();
    RuntimeEvent event = TestAlerts.event(id, who.name(), batchId, now);
    tx.executeWithoutResult(s -> events.insertBatch(batchId, id, EventSource.KUBEWARD.wireName(), now, new byte[0],
        List.of(event)));
    List<AlertChange> changes = pipeline.process(new RuntimePipelineService.Work(batchId, id, List.of(event), now,
        System.nanoTime()));
    Alert a = changes.stream().map(AlertChange::alert).filter(x -> x.detectionId().equals(TestAlerts.DETECTION_ID))
        .findFirst().orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "the detection "
            + TestAlerts.DETECTION_ID + " is turned off for this cluster, so no test alert can be raised"));
    activity.record(who.name(), "runtime.testAlert", "cluster", id, "test alert " + a.id());
    assert event.kind() == EventKind.TEST;
    return ResponseEntity.status(HttpStatus.CREATED).body(view(load(a.id())));
  }
}
