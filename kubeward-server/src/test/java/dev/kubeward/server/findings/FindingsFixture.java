package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.findings.exceptions.ExceptionDao;
import dev.kubeward.server.findings.exceptions.ExceptionService;
import dev.kubeward.server.notify.NotificationPlanner;
import dev.kubeward.server.notify.NotificationSettings;
import dev.kubeward.server.notify.NotifyProperties;
import dev.kubeward.server.notify.OutboxDao;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.settings.ProtectionSettings;
import dev.kubeward.server.settings.SettingsDao;
import dev.kubeward.server.settings.SettingsRegistry;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.Workspace;
import dev.kubeward.server.workspace.WorkspaceDao;
import dev.kubeward.server.workspace.WorkspaceService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The findings feature wired by hand on a test database, as Spring wires it in the server: real DAOs, services,
 * transactions and the notification planner, with a clock the test moves.
 */
public final class FindingsFixture {
  public final TestDatabase db;
  public final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T09:00:00Z"));
  public final JsonMapper json = JsonMapper.builder().build();
  public final DataSourceTransactionManager tx;
  public final ClusterDao clusters;
  public final WorkspaceService workspaces;
  public final SettingsService settings;
  public final FindingDao dao;
  public final FindingCountsDao counts;
  public final FindingWriter writer;
  public final ExceptionService exceptions;
  public final FindingIngestService ingest;
  public final FindingService findings;
  public final OutboxDao outbox;
  public final Workspace workspace;
  public final Cluster cluster;

  public static final KubewardPrincipal READER = principal("rita", Role.READER);
  public static final KubewardPrincipal CONTRIBUTOR = principal("carl", Role.CONTRIBUTOR);
  public static final KubewardPrincipal SECURITY_ADMIN = principal("sam", Role.SECURITY_ADMIN);

  public FindingsFixture(TestDatabase db) {
    this(db, NotifyProperties.none());
  }

  public FindingsFixture(TestDatabase db, NotifyProperties notify) {
    this.db = db;
    this.tx = new DataSourceTransactionManager(db.dataSource());
    WorkspaceDao workspaceDao = new WorkspaceDao(db.jdbc());
    clusters = new ClusterDao(db.jdbc());
    SettingsDao settingsDao = new SettingsDao(db.jdbc());
    ActivityLog activity = new ActivityLog(db.jdbc(), clock);
    SettingsRegistry registry = new SettingsRegistry(List.of(new ProtectionSettings(), new FindingSettings(),
        new NotificationSettings()));
    settings = new SettingsService(settingsDao, registry, workspaceDao, clusters, activity, json, clock);
    workspaces = new WorkspaceService(workspaceDao, clusters, settingsDao, activity, () -> UUID.randomUUID().toString(),
        clock);
    dao = new FindingDao(db.jdbc(), db.dataSource());
    counts = new FindingCountsDao(db.jdbc());
    outbox = new OutboxDao(db.jdbc(), db.dialect());
    List<FindingListener> listeners = List.of(new NotificationPlanner(outbox, settings, clusters, notify, json, clock));
    writer = new FindingWriter(dao, counts, listeners, clock);
    exceptions = new ExceptionService(new ExceptionDao(db.jdbc()), dao, writer, clusters, workspaceDao,
        () -> UUID.randomUUID().toString(), clock, tx);
    ingest = new FindingIngestService(db.jdbc(), db.dataSource(), db.dialect(), clusters, dao, counts, exceptions,
        listeners, clock, tx);
    findings = new FindingService(dao, writer, clusters, settings, clock, tx);
    workspace = workspaces.createWorkspace("Shop", "", "test");
    cluster = workspaces.createCluster(workspace.id(), "prod", "", "test");
  }

  public static KubewardPrincipal principal(String name, Role role) {
    return new KubewardPrincipal(name, Optional.of(role), KubewardPrincipal.Kind.SESSION, Optional.empty());
  }

  /** A misconfiguration of a Deployment. */
  public static ReportedFinding misconfig(String rule, String namespace, String name, Severity severity) {
    return ReportedFinding.builder(rule, rule + " on " + name, severity)
        .resource(namespace, "Deployment", name).container("app").build();
  }

  /** A vulnerable package in an image. */
  public static ReportedFinding vulnerability(String cve, String pkg, String digest, Severity severity, RiskLevel risk) {
    return ReportedFinding.builder(cve, cve + " in " + pkg, severity).risk(risk)
        .resource("shop", "Deployment", "checkout").image("registry.local/shop/checkout:1.2", digest)
        .pkg(pkg, "1.0.0", "1.0.1").build();
  }

  /** A runtime alert. */
  public static ReportedFinding alert(String detection, String pod, Severity severity) {
    return ReportedFinding.builder(detection, detection + " in " + pod, severity)
        .resource("shop", "Pod", pod).container("app").details("process /bin/sh spawned by java").build();
  }

  public IngestResult report(FindingKind kind, String source, ReportedFinding... findings) {
    return ingest.report(FindingReport.full(cluster.id(), kind, source), List.of(findings));
  }

  /** Findings of the fixture's cluster matching a filter (first 500). */
  public List<Finding> list(FindingFilter filter) {
    return dao.page(List.of(cluster.id()), filter, findings.today(),
        dev.kubeward.server.api.PageRequest.of(500, null, null, FindingSql.SORTABLE));
  }

  public Finding byRule(String rule) {
    return list(FindingFilter.all().withRule(rule)).get(0);
  }
}
