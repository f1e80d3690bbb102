import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import dev.kubeward.server.admission.AdmissionRequest;
import dev.kubeward.server.admission.AdmissionService;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.security.ApiToken;
import dev.kubeward.server.security.TokenService;
import dev.kubeward.server.settings.SettingsScope;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.WorkspaceService;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole-process benchmark of the admission webhook: the real server (HTTPS through a Spring Boot SSL bundle, the
 * ingestion-token filter, the controller, the policy, the verdict cache, the posture rules) answering AdmissionReview
 * v1 requests posted over loopback by a JDK HttpClient, as an API server would. Verdicts come from the cache (the
 * warm-up loads them), which is the steady state during a rollout. Run by run.sh; prints a Markdown table.
 *
 * <p>Arguments: keystore, password, payload folder, requests per phase, concurrency, database URL (empty = H2).
 */
public final class AdmissionBenchmark {
  static final String CRITICAL = "registry.example/shop/web@sha256:" + "1".repeat(64);
  static final String CLEAN = "registry.example/shop/worker@sha256:" + "3".repeat(64);

  public static void main(String[] args) throws Exception {
    Path keystore = Path.of(args[0]);
    String password = args[1];
    Path payloads = Path.of(args[2]);
    int requests = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    String dbUrl = args.length > 5 ? args[5] : "";
    Path data = Files.createTempDirectory("kw-bench-admission-");
    KubewardServer.Running server = KubewardServer.start(new ServerOptions(0, data,
            dbUrl.isBlank() ? Optional.empty() : Optional.of(dbUrl), false),
        "--KUBEWARD_ADMIN_PASSWORD=bench-admin-password-1", "--server.ssl.bundle=bench",
        "--spring.ssl.bundle.jks.bench.keystore.location=file:" + keystore,
        "--spring.ssl.bundle.jks.bench.keystore.password=" + password,
        "--spring.ssl.bundle.jks.bench.keystore.type=PKCS12", "--logging.level.dev.kubeward=WARN");
    try {
      ConfigurableApplicationContext ctx = server.context();
      WorkspaceService workspaces = ctx.getBean(WorkspaceService.class);
      String ws = workspaces.createWorkspace("Bench " + System.nanoTime(), "", "bench").id();
      String cluster = workspaces.createCluster(ws, "bench", "", "bench").id();
      ctx.getBean(SettingsService.class).patch(SettingsScope.cluster(cluster),
          Map.of("admission.enforcement", "enforce", "admission.postureRules", "denyHigh"), "bench");
      String token = ctx.getBean(TokenService.class).create("bench-admission", ApiToken.Kind.INGESTION,
          Optional.empty(), Optional.of(cluster), Optional.empty(), "bench").secret();
      List<ReportedFinding> findings = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        findings.add(ReportedFinding.builder("CVE-2026-" + (1000 + i), "bench", i == 0 ? Severity.CRITICAL : Severity.MEDIUM)
            .image(CRITICAL, CRITICAL.substring(CRITICAL.indexOf('@') + 1)).pkg("pkg" + i, "1.0", i == 0 ? "1.1" : "")
            .resource("shop", "Deployment", "web").attributes(Map.of("kev", false)).build());
      }
      findings.add(ReportedFinding.builder("CVE-2026-9999", "bench", Severity.LOW)
          .image(CLEAN, CLEAN.substring(CLEAN.indexOf('@') + 1)).pkg("zlib", "1.2", "").build());
      ctx.getBean(FindingIngestService.class).report(FindingReport.full(cluster, FindingKind.VULNERABILITY, "bench"),
          findings);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        trust.load(in, password.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("https://localhost:" + server.port() + "/admission/v1/clusters/" + cluster + "/validate");

      record Case(String name, String body, boolean allowed) {}
      List<Case> cases = List.of(
          new Case("Deployment, scanned clean image, hardened", body(payloads, "deployment-create.json", CLEAN), true),
          new Case("Deployment, Critical with a fix (denied)", body(payloads, "deployment-create.json", CRITICAL), false),
          new Case("Pod, privileged (posture denial)", body(payloads, "pod-create-privileged.json", CLEAN), false),
          new Case("CronJob update, clean image", body(payloads, "cronjob-update.json", CLEAN), true));

      System.out.printf("| case | concurrency | requests | p50 ms | p90 ms | p99 ms | max ms | req/s |%n");
      System.out.printf("|---|---:|---:|---:|---:|---:|---:|---:|%n");
      // Warm-up: JIT, connection pool, verdict and settings caches — the steady state of a rollout.
      for (int round = 0; round < 2; round++) {
        for (Case c : cases) {
          run(http, uri, token, c.body(), c.allowed(), Math.max(200, requests / 4), 4);
        }
      }
      for (Case c : cases) {
        for (int conc : new int[] {1, concurrency}) {
          long[] ms = run(http, uri, token, c.body(), c.allowed(), requests, conc);
          long wall = ms[ms.length - 1];
          long[] lat = Arrays.copyOf(ms, ms.length - 1);
          Arrays.sort(lat);
          System.out.printf("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f |%n", c.name(), conc, requests,
              pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1] / 1e6, requests / (wall / 1e9));
        }
      }
      // The same decisions without HTTP and TLS: AdmissionService.decide in this process (what the server spends).
      AdmissionService service = ctx.getBean(AdmissionService.class);
      JsonMapper json = JsonMapper.builder().build();
      System.out.printf("%n| in-process AdmissionService.decide | calls | p50 ms | p90 ms | p99 ms | max ms |%n");
      System.out.printf("|---|---:|---:|---:|---:|---:|%n");
      for (Case c : cases) {
        JsonNode req = json.readTree(c.body()).get("request");
        @SuppressWarnings("unchecked")
        Map<String, Object> object = json.treeToValue(req.get("object"), LinkedHashMap.class);
        List<String> images = new ArrayList<>();
        String text = c.body();
        for (String img : List.of(CRITICAL, CLEAN)) {
          if (text.contains(img)) {
            images.add(img);
          }
        }
        AdmissionRequest r = new AdmissionRequest("bench", req.get("kind").get("kind").asString(), "shop", "x",
            req.get("operation").asString(), false, object, images);
        for (int i = 0; i < requests; i++) {
          service.decide(cluster, r);
        }
        long[] lat = new long[requests * 2];
        for (int i = 0; i < lat.length; i++) {
          long st = System.nanoTime();
          service.decide(cluster, r);
          lat[i] = System.nanoTime() - st;
        }
        Arrays.sort(lat);
        System.out.printf("| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", c.name(), lat.length, pct(lat, 50), pct(lat, 90),
            pct(lat, 99), lat[lat.length - 1] / 1e6);
      }
    } finally {
      server.close();
    }
  }

  static String body(Path folder, String file, String image) throws Exception {
    return Files.readString(folder.resolve(file)).replace("${UID}", "bench-uid").replace("${IMAGE}", image)
        .replace("${NAMESPACE}", "shop");
  }

  /** Latencies in ns, then the wall time in ns as the last element. */
  static long[] run(HttpClient http, URI uri, String token, String body, boolean allowed, int n, int conc)
      throws Exception {
    long[] out = new long[n + 1];
    ExecutorService pool = Executors.newFixedThreadPool(conc);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < conc; t++) {
      int first = t;
      futures.add(pool.submit(() -> {
        for (int i = first; i < n; i += conc) {
          HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
          long s = System.nanoTime();
          HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
          out[i] = System.nanoTime() - s;
          if (r.statusCode() != 200 || r.body().contains("\"allowed\":" + !allowed)) {
            throw new IllegalStateException("unexpected answer " + r.statusCode() + ": " + r.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    out[n] = System.nanoTime() - start;
    pool.shutdown();
    return out;
  }

  static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }
}
