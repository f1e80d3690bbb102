import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.db.DatabaseMigrations;
import dev.kubeward.server.db.SqlDialect;
import dev.kubeward.server.export.FindingExporter;
import dev.kubeward.server.findings.ExceptionMatcher;
import dev.kubeward.server.findings.FindingCountsDao;
import dev.kubeward.server.findings.FindingDao;
import dev.kubeward.server.findings.FindingFilter;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingQuery;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.FindingService;
import dev.kubeward.server.findings.FindingSettings;
import dev.kubeward.server.findings.FindingWriter;
import dev.kubeward.server.findings.FindingsBar;
import dev.kubeward.server.findings.IngestResult;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.settings.ProtectionSettings;
import dev.kubeward.server.settings.SettingsDao;
import dev.kubeward.server.settings.SettingsRegistry;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.WorkspaceDao;
import dev.kubeward.server.workspace.WorkspaceService;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole-process benchmark of the findings store on PostgreSQL: loads N findings through the product's ingest path,
 * then measures the findings bar, filtered pages and the CSV export. Run by run.sh; prints a Markdown table.
 */
public final class FindingsBenchmark {
  static final KubewardPrincipal BENCH = new KubewardPrincipal("bench", Optional.of(Role.ADMIN),
      KubewardPrincipal.Kind.SESSION, Optional.empty());

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long total = Long.parseLong(args.length > 1 ? args[1] : "10000000");
    int clusterCount = Integer.parseInt(args.length > 2 ? args[2] : "20");
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(cfg);
    DatabaseMigrations.migrate(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    Clock clock = Clock.systemUTC();
    JsonMapper json = JsonMapper.builder().build();
    DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
    WorkspaceDao workspaceDao = new WorkspaceDao(jdbc);
    ClusterDao clusters = new ClusterDao(jdbc);
    SettingsDao settingsDao = new SettingsDao(jdbc);
    ActivityLog activity = new ActivityLog(jdbc, clock);
    SettingsService settings = new SettingsService(settingsDao,
        new SettingsRegistry(List.of(new ProtectionSettings(), new FindingSettings())), workspaceDao, clusters, activity,
        json, clock);
    WorkspaceService workspaces = new WorkspaceService(workspaceDao, clusters, settingsDao, activity,
        () -> UUID.randomUUID().toString(), clock);
    FindingDao dao = new FindingDao(jdbc, ds);
    FindingCountsDao counts = new FindingCountsDao(jdbc);
    FindingWriter writer = new FindingWriter(dao, counts, List.of(), clock);
    ExceptionMatcher.Factory noExceptions = (w, c, n) -> ExceptionMatcher.NONE;
    FindingIngestService ingest = new FindingIngestService(jdbc, ds, SqlDialect.POSTGRESQL, clusters, dao, counts,
        noExceptions, List.of(), clock, tx);
    FindingService service = new FindingService(dao, writer, clusters, settings, clock, tx);
    FindingExporter exporter = new FindingExporter(dao, json, tx, List.of());

    var ws = workspaces.createWorkspace("bench-" + UUID.randomUUID(), "", "bench");
    List<Cluster> cl = new ArrayList<>();
    for (int i = 0; i < clusterCount; i++) {
      cl.add(workspaces.createCluster(ws.id(), "cluster-" + i, "", "bench"));
    }
    List<String> clusterIds = cl.stream().map(Cluster::id).toList();
    Map<String, String> names = new HashMap<>();
    cl.forEach(c -> names.put(c.id(), c.name()));
    FindingKind[] kinds = FindingKind.values();
    long perReport = total / (clusterCount * kinds.length);
    List<String[]> results = new ArrayList<>();
    System.out.printf("loading %,d findings: %d clusters x %d kinds x %,d%n", perReport * clusterCount * kinds.length,
        clusterCount, kinds.length, perReport);

    // 1. Load through the ingest path (first report of each source: COPY).
    long loadStart = System.nanoTime();
    long loaded = 0;
    for (Cluster c : cl) {
      for (FindingKind k : kinds) {
        IngestResult r = ingest.report(FindingReport.full(c.id(), k, source(k)), () -> generate(c.name(), k, perReport, 0));
        loaded += r.inserted();
      }
    }
    double loadSec = (System.nanoTime() - loadStart) / 1e9;
    results.add(row("load " + String.format("%,d", loaded) + " findings (ingest, first reports, COPY)",
        String.format("%,.0f rows/s (%.1f s)", loaded / loadSec, loadSec), ">= 200,000 rows/s"));
    // What autovacuum does shortly after a big load; without statistics the planner believes the table is empty.
    long analyzeStart = System.nanoTime();
    jdbc.sql("analyze findings").update();
    System.out.printf("analyze findings: %.1f s%n", (System.nanoTime() - analyzeStart) / 1e9);

    // 2. A rescan where nothing changed: reads only.
    Cluster c0 = cl.get(0);
    long t = System.nanoTime();
    IngestResult same = ingest.report(FindingReport.full(c0.id(), FindingKind.VULNERABILITY, "advisories"),
        () -> generate(c0.name(), FindingKind.VULNERABILITY, perReport, 0));
    double s = (System.nanoTime() - t) / 1e9;
    results.add(row("rescan, " + String.format("%,d", same.unchanged()) + " unchanged (skipped)",
        String.format("%,.0f rows/s (%.1f s)", same.received() / s, s), "-"));
    // 3. A rescan where 1% changed and 1% disappeared.
    t = System.nanoTime();
    IngestResult churn = ingest.report(FindingReport.full(c0.id(), FindingKind.VULNERABILITY, "advisories"),
        () -> generate(c0.name(), FindingKind.VULNERABILITY, perReport, 1));
    s = (System.nanoTime() - t) / 1e9;
    results.add(row("rescan, " + String.format("%,d updated, %,d resolved", churn.updated(), churn.resolved()),
        String.format("%,.0f rows/s (%.1f s)", churn.received() / s, s), "-"));

    // Owners and due dates on 0.5% of the findings, through the workflow (bulk assign by filter).
    t = System.nanoTime();
    long assigned = 0;
    for (int i = 0; i < cl.size(); i++) {
      FindingFilter f = FindingFilter.ofKind(FindingKind.MISCONFIGURATION).withNamespace("ns-" + (i % 40));
      List<Long> ids = service.resolve(FindingService.Selection.ofFilter(List.of(cl.get(i).id()), f));
      ids = ids.subList(0, Math.min(ids.size(), (int) (perReport / 50)));
      service.assign(BENCH, ids, "owner" + (i % 7) + "@example.com", null, "bench");
      service.setDueDate(BENCH, ids.subList(0, ids.size() / 3), LocalDate.now(clock).minusDays(3), "overdue");
      assigned += ids.size();
    }
    s = (System.nanoTime() - t) / 1e9;
    results.add(row(String.format("bulk assign %,d findings (owner + default due date, history)", assigned),
        String.format("%,.0f findings/s", assigned / s), "-"));
    jdbc.sql("analyze findings").update();

    // 4. Findings bar.
    Random rnd = new Random(42);
    LocalDate today = LocalDate.now(clock);
    double[] bar = measure(300, () -> {
      List<String> one = List.of(clusterIds.get(rnd.nextInt(clusterIds.size())));
      return FindingsBar.of(counts.counts(one), counts.overdue(one, today)).kinds().size();
    });
    results.add(row("findings bar, one cluster", ms(bar), "p95 < 200 ms"));
    double[] wsBar = measure(100, () -> FindingsBar.of(counts.counts(clusterIds), counts.overdue(clusterIds, today))
        .kinds().size());
    results.add(row("findings bar, workspace of " + clusterCount + " clusters", ms(wsBar), "p95 < 200 ms"));

    // 5. Filtered pages (50 rows), as the dashboard asks for them.
    List<Supplier<FindingQuery>> filters = List.of(
        () -> q("misconfiguration", "critical,high", null, "open", null, null, null, null),
        () -> q("vulnerability", null, "critical", null, null, null, null, null),
        () -> q("vulnerability", null, null, null, "ns-" + rnd.nextInt(40), null, null, null),
        () -> q("misconfiguration", null, null, null, "ns-" + rnd.nextInt(40), "app-" + rnd.nextInt(2000), null, null),
        () -> q("vulnerability", null, null, null, null, null, "CVE-2024-" + (10000 + rnd.nextInt(3000)), null),
        () -> q("alert", "high", null, "active", null, null, null, null),
        () -> q(null, null, null, null, null, null, null, "owner" + rnd.nextInt(7) + "@example.com"),
        () -> new FindingQuery("misconfiguration", null, null, null, null, null, null, null, null, null, null, null, "true"));
    List<String> sorts = List.of("severity", "risk", "-severity", "dueDate", "severity", "severity", "dueDate", "dueDate");
    double[] pages = measure(400, () -> {
      int i = rnd.nextInt(filters.size());
      PageRequest p = PageRequest.of(50, null, sorts.get(i), List.of("severity", "risk", "dueDate", "firstSeen",
          "updatedAt", "title"));
      return dao.page(List.of(clusterIds.get(rnd.nextInt(clusterIds.size()))), filters.get(i).get().toFilter(), today, p)
          .size();
    });
    results.add(row("filtered page of 50 (8 filter mixes, one cluster)", ms(pages), "p95 < 100 ms"));
    String[] mixNames = {"misconfigurations critical+high open", "vulnerabilities critical risk", "vulnerabilities in a namespace",
        "misconfigurations of a workload", "one CVE", "active high alerts", "one owner, all kinds", "overdue by due date"};
    for (int i = 0; i < filters.size(); i++) {
      int m = i;
      double[] one = measure(60, () -> {
        PageRequest p = PageRequest.of(50, null, sorts.get(m), List.of("severity", "risk", "dueDate", "firstSeen",
            "updatedAt", "title"));
        return dao.page(List.of(clusterIds.get(rnd.nextInt(clusterIds.size()))), filters.get(m).get().toFilter(), today, p)
            .size();
      });
      results.add(row("  page: " + mixNames[i] + " (sort " + sorts.get(i) + ")", ms(one), "p95 < 100 ms"));
    }
    double[] deep = measure(100, () -> {
      PageRequest first = PageRequest.of(50, null, "severity", List.of("severity"));
      String cid = clusterIds.get(rnd.nextInt(clusterIds.size()));
      FindingFilter f = FindingFilter.ofKind(FindingKind.VULNERABILITY);
      var rows = dao.page(List.of(cid), f, today, first);
      var last = rows.get(49);
      var cursor = new dev.kubeward.server.api.Cursor("severity", String.valueOf(last.severity().ordinal() + 1),
          String.valueOf(last.id()));
      PageRequest later = PageRequest.of(50, cursor.encode(), "severity", List.of("severity"));
      return dao.page(List.of(cid), f, today, later).size();
    });
    results.add(row("page deep inside a cluster's vulnerabilities (cursor)", ms(deep), "p95 < 100 ms"));

    // 6. CSV export, constant memory.
    for (List<String> scope : List.of(List.of(clusterIds.get(1)), List.of(clusterIds.get(clusterIds.size() > 2 ? 2 : 0)), clusterIds)) {
      System.gc();
      MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
      long before = mem.getHeapMemoryUsage().getUsed();
      AtomicLong peak = new AtomicLong(before);
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
      CountingStream out = new CountingStream();
      t = System.nanoTime();
      long rows = exporter.write(FindingExporter.Format.CSV, scope, names, FindingFilter.all(), today, out);
      s = (System.nanoTime() - t) / 1e9;
      sampler.interrupt();
      results.add(row(String.format("CSV export, %s: %,d rows, %,d MB", scope.size() > 1 ? "whole workspace"
              : scope.get(0).equals(clusterIds.get(1)) ? "one cluster (first, cold JIT)" : "another cluster (warm)",
              rows, out.bytes / 1_000_000),
          String.format("%,.0f rows/s; heap peak %d MB (max %d MB)", rows / s, peak.get() / 1_000_000,
              Runtime.getRuntime().maxMemory() / 1_000_000), ">= 100,000 rows/s, flat memory"));
    }

    // 7. Side by side on the full table: the ingest path against a bare COPY of the same rows (no hashing, no
    //    duplicate check, rows rendered beforehand): how much of the database's own speed the product keeps.
    Cluster viaIngest = workspaces.createCluster(ws.id(), "side-by-side-ingest", "", "bench");
    Cluster viaCopy = workspaces.createCluster(ws.id(), "side-by-side-copy", "", "bench");
    long sideRows = Math.min(250_000, perReport * 2);
    t = System.nanoTime();
    IngestResult side = ingest.report(FindingReport.full(viaIngest.id(), FindingKind.VULNERABILITY, "advisories"),
        () -> generate(viaIngest.name(), FindingKind.VULNERABILITY, sideRows, 0));
    double ingestSec = (System.nanoTime() - t) / 1e9;
    StringBuilder rendered = new StringBuilder();
    Iterator<ReportedFinding> it = generate(viaCopy.name(), FindingKind.VULNERABILITY, sideRows, 0);
    String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString();
    long k = 0;
    while (it.hasNext()) {
      ReportedFinding f = it.next();
      Object[] v = {viaCopy.id(), "vulnerability", "advisories", f.identity(), f.ruleId(), "", f.title(), f.details(),
          f.severity().ordinal(), 9, "open", "t", f.namespace(), f.resourceKind(), f.resourceName(), f.container(),
          f.image(), f.imageDigest(), f.packageName(), f.packageVersion(), f.fixedVersion(), "{}", k++, 1, null, now,
          now, now};
      for (int i = 0; i < v.length; i++) {
        dev.kubeward.server.db.PostgresCopy.field(rendered, v[i], i == 0);
      }
      rendered.append('\n');
    }
    String copySql = "copy findings (cluster_id, kind, source, finding_key, rule_id, standard_id, title, details,"
        + " severity, risk, status, present, namespace, resource_kind, resource_name, container, image, image_digest,"
        + " package_name, package_version, fixed_version, attributes, content_hash, seen_report, exception_id,"
        + " first_seen, last_seen, updated_at) from stdin";
    t = System.nanoTime();
    new org.springframework.transaction.support.TransactionTemplate(tx).executeWithoutResult(
        st -> dev.kubeward.server.db.PostgresCopy.copyIn(ds, copySql, rendered));
    double copySec = (System.nanoTime() - t) / 1e9;
    results.add(row(String.format("side by side, %,d rows into the full table: ingest vs bare COPY", side.inserted()),
        String.format("ingest %,.0f rows/s, bare COPY %,.0f rows/s (ingest = %.0f%% of COPY)", side.inserted() / ingestSec,
            sideRows / copySec, 100 * copySec / ingestSec), "-"));

    long size = jdbc.sql("select pg_total_relation_size('findings')").query(Long.class).single();
    System.out.println();
    System.out.printf("findings table with indexes: %,d MB; load average at the end: %.1f on %d cores%n%n",
        size / 1_000_000, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    System.out.println("| measurement | result | target |");
    System.out.println("|---|---|---|");
    for (String[] r : results) {
      System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
    }
    ds.close();
  }

  static FindingQuery q(String kind, String severity, String risk, String status, String namespace, String workload,
      String rule, String owner) {
    return new FindingQuery(kind, severity == null ? null : List.of(severity), risk == null ? null : List.of(risk),
        status == null ? null : List.of(status), owner, namespace, workload, null, rule, null, null, null, null);
  }

  static String source(FindingKind k) {
    return switch (k) {
      case ALERT -> "runtime";
      case VULNERABILITY -> "advisories";
      case MISCONFIGURATION -> "posture";
      case COMPLIANCE -> "compliance";
    };
  }

  /**
   * Findings of one report, made up but shaped like real ones. {@code churnPercent} of them change severity and as
   * many are left out, deterministically.
   */
  static Iterator<ReportedFinding> generate(String cluster, FindingKind kind, long n, int churnPercent) {
    return new Iterator<>() {
      long i = 0;

      @Override
      public boolean hasNext() {
        while (churnPercent > 0 && i < n && i % 100 == 0) {
          i++; // left out: resolved by this report
        }
        return i < n;
      }

      @Override
      public ReportedFinding next() {
        long x = i++;
        Random r = new Random(x * 31 + kind.ordinal());
        String ns = "ns-" + (x % 40);
        String app = "app-" + (x % 2000);
        Severity sev = Severity.values()[weighted(r)];
        if (churnPercent > 0 && x % 100 == 1) {
          sev = sev == Severity.CRITICAL ? Severity.HIGH : Severity.CRITICAL;
        }
        return switch (kind) {
          case MISCONFIGURATION -> ReportedFinding.builder("KW-" + (x % 200), "Container may run as root", sev)
              .key("KW-" + (x % 200) + "|" + ns + "|" + app + "|c-" + (x / 2000))
              .resource(ns, "Deployment", app).container("c-" + (x / 2000)).build();
          case VULNERABILITY -> ReportedFinding.builder("CVE-2024-" + (10000 + x % 3000), "Heap overflow in libfoo", sev)
              .key("CVE-2024-" + (10000 + x % 3000) + "|sha256:" + (x % 300) + "|" + (x / 3000))
              .risk(r.nextInt(4) == 0 ? RiskLevel.values()[r.nextInt(4)] : null)
              .resource(ns, "Deployment", app).image("registry.local/team/app-" + (x % 300) + ":1." + (x % 7),
                  "sha256:" + Long.toHexString(x % 300 * 7919))
              .pkg("libfoo" + (x / 3000), "1." + (x % 9), "1.9").attributes(Map.of("cvss", 7.5)).build();
          case ALERT -> ReportedFinding.builder("shell-in-container-" + (x % 50), "Shell spawned in container", sev)
              .key("alert-" + cluster + "-" + x).resource(ns, "Pod", app + "-" + (x % 5)).container("app")
              .details("process /bin/sh spawned by java (pid " + x + ")").build();
          case COMPLIANCE -> ReportedFinding.builder("cis-1.8:5.2." + (x % 13), "Minimize privileged containers", sev)
              .key("cis-" + x).resource(ns, "Deployment", app).build();
        };
      }
    };
  }

  static int weighted(Random r) {
    int v = r.nextInt(100);
    return v < 5 ? 0 : v < 25 ? 1 : v < 60 ? 2 : v < 90 ? 3 : 4;
  }

  static double[] measure(int n, Supplier<Integer> op) {
    for (int i = 0; i < 10; i++) {
      op.get();
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      op.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  static String ms(double[] sorted) {
    return String.format("p50 %.1f ms, p95 %.1f ms, max %.1f ms", sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.95)], sorted[sorted.length - 1]);
  }

  static String[] row(String a, String b, String c) {
    System.out.println(a + ": " + b);
    return new String[] {a, b, c};
  }

  /** Discards the export but counts it. */
  static final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
