import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.Browser;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.openqa.selenium.By;

/**
 * Dashboard first paint with a large findings table: the real server (in this JVM, on the local PostgreSQL, in a
 * schema of its own) holding FINDINGS findings of one cluster, and Debian's Chromium opening the overview and each
 * tab from a cold navigation. For each page it reads the browser's own first-contentful-paint and the time until the
 * page shows its data (the findings bar, or the tab's first rows), both measured from navigation start.
 */
public class DashboardBenchmark {
  static final String[] NAMESPACES = {"shop", "payments", "platform", "data", "ml", "web", "batch", "ops"};

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    try (TestServer server = TestServer.start(TestDatabases.postgres())) {
      ApiClient admin = server.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "Bench")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "big")).json()
          .get("id").asString();
      FindingIngestService ingest = server.running().context().getBean(FindingIngestService.class);
      long t0 = System.nanoTime();
      // Shares of a busy cluster: mostly misconfigurations and vulnerable components.
      load(ingest, cluster, FindingKind.MISCONFIGURATION, "posture", total * 50 / 100);
      load(ingest, cluster, FindingKind.VULNERABILITY, "vulnerabilities", total * 35 / 100);
      load(ingest, cluster, FindingKind.ALERT, "runtime", total * 10 / 100);
      load(ingest, cluster, FindingKind.COMPLIANCE, "compliance", total - total * 95 / 100);
      System.out.printf("loaded %,d findings in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);

      String base = server.baseUrl();
      Map<String, String> pages = new java.util.LinkedHashMap<>();
      pages.put("overview", base + "/#/");
      pages.put("misconfigurations", base + "/#/clusters/" + cluster + "/misconfigurations");
      pages.put("vulnerabilities", base + "/#/clusters/" + cluster + "/vulnerabilities");
      pages.put("alerts", base + "/#/clusters/" + cluster + "/alerts");
      pages.put("compliance", base + "/#/clusters/" + cluster + "/compliance");
      try (Browser b = Browser.start()) {
        b.signIn(base, "admin", TestServer.ADMIN_PASSWORD);
        Map<String, List<double[]>> samples = new java.util.LinkedHashMap<>();
        for (int round = -2; round < rounds; round++) { // two warm-up rounds (JIT, connection pool, browser cache)
          for (var page : pages.entrySet()) {
            b.open("about:blank");
            b.open(page.getValue());
            b.waitFor(By.cssSelector(page.getKey().equals("overview")
                ? ".tile .tile-headline" : "main [data-tab] tbody tr, main [data-tab] .empty, main [data-empty]"));
            Object fcp = b.script("const e = performance.getEntriesByName('first-contentful-paint')[0];"
                + " return e ? e.startTime : -1;");
            Object ready = b.script("return performance.now();");
            if (round == rounds - 1) { // where the time goes: the page's slowest requests in the last round
              System.out.println(page.getKey() + " slowest requests: " + b.script(
                  "return performance.getEntriesByType('resource').sort((a, b) => b.duration - a.duration)"
                  + ".slice(0, 4).map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime)"
                  + " + '+' + Math.round(e.duration) + 'ms').join(', ');"));
            }
            if (round >= 0) {
              samples.computeIfAbsent(page.getKey(), k -> new ArrayList<>())
                  .add(new double[] {((Number) fcp).doubleValue(), ((Number) ready).doubleValue()});
            }
          }
        }
        System.out.printf("%-18s %10s %10s %12s %12s%n", "page", "FCP p50", "FCP p95", "data p50", "data p95");
        for (var e : samples.entrySet()) {
          double[] fcp = e.getValue().stream().mapToDouble(s -> s[0]).sorted().toArray();
          double[] data = e.getValue().stream().mapToDouble(s -> s[1]).sorted().toArray();
          System.out.printf("%-18s %8.0f ms %8.0f ms %10.0f ms %10.0f ms%n", e.getKey(), pct(fcp, 50), pct(fcp, 95),
              pct(data, 50), pct(data, 95));
        }
        b.screenshot("bench-dashboard-" + total);
      }
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static void load(FindingIngestService ingest, String cluster, FindingKind kind, String source, int count) {
    Severity[] severities = Severity.values();
    RiskLevel[] risks = RiskLevel.values();
    Iterable<ReportedFinding> rows = () -> new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public ReportedFinding next() {
        if (i >= count) {
          throw new NoSuchElementException();
        }
        int n = i++;
        String ns = NAMESPACES[n % NAMESPACES.length];
        String workload = "app-" + (n / 7 % 900);
        return switch (kind) {
          case VULNERABILITY -> new ReportedFinding(null, "CVE-2024-" + (10000 + n % 3000), "Vulnerable package",
              "openssl in image", severities[n % severities.length], risks[n % risks.length], ns, "Deployment",
              workload, "main", "registry.example/" + workload + ":1", "sha256:" + Integer.toHexString(n / 40),
              "pkg-" + (n % 500), "1." + (n % 9), "1." + (n % 9 + 1), Map.of());
          case ALERT -> new ReportedFinding(null, "KW-RT-" + (n % 40), "Runtime alert " + (n % 40),
              "process in container", severities[n % severities.length], null, ns, "Deployment", workload, "main",
              null, null, null, null, null, Map.of());
          default -> new ReportedFinding(null, "KW-" + kind.name().substring(0, 3) + "-" + (n % 140),
              "Rule " + (n % 140), "field is set", severities[n % severities.length], null, ns, "Deployment",
              workload, "c" + (n % 3), null, null, null, null, null, Map.of("remediation", "Change the field."));
        };
      }
    };
    ingest.report(FindingReport.full(cluster, kind, source), rows);
  }
}
