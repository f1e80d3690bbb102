package dev.kubeward.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.security.ApiToken;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.security.TokenService;
import dev.kubeward.server.settings.SettingsScope;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.OpenApiResponseValidator;
import dev.kubeward.server.testing.TestServer;
import dev.kubeward.server.workspace.WorkspaceService;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The admission webhook over HTTPS (a server certificate generated for this test, served through a Spring Boot SSL
 * bundle), with AdmissionReview v1 payloads as the API server sends them: deny, warn, allow, audit, components off,
 * exempt namespaces, wrong or missing tokens, and malformed reviews.
 */
class AdmissionWebhookIT {
  static final String PASSWORD = "admission-test-keystore";
  static final String CRITICAL = "registry.example/shop/web@sha256:" + "1".repeat(64);
  static final String KEV = "registry.example/shop/api@sha256:" + "2".repeat(64);
  static final String CLEAN = "registry.example/shop/worker@sha256:" + "3".repeat(64);
  static final String UNSCANNED = "registry.example/shop/new@sha256:" + "4".repeat(64);
  static final String TAG_ONLY = "registry.example/shop/web:1.4";

  static Path tls;
  static TestServer server;
  static HttpClient https;
  static String base;
  static String enforce;
  static String audit;
  static String off;
  static String posture;
  static Map<String, String> tokens = new java.util.HashMap<>();
  static String reader;

  @BeforeAll
  static void start() throws Exception {
    tls = Files.createTempDirectory("kubeward-admission-tls-");
    Path keystore = tls.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "kubeward", "-keyalg", "EC", "-groupname",
        "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    server = TestServer.start("--server.ssl.bundle=admission-test",
        "--spring.ssl.bundle.jks.admission-test.keystore.location=file:" + keystore,
        "--spring.ssl.bundle.jks.admission-test.keystore.password=" + PASSWORD,
        "--spring.ssl.bundle.jks.admission-test.keystore.type=PKCS12");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    base = "https://localhost:" + server.port();

    ConfigurableApplicationContext ctx = server.running().context();
    WorkspaceService workspaces = ctx.getBean(WorkspaceService.class);
    SettingsService settings = ctx.getBean(SettingsService.class);
    TokenService tokenService = ctx.getBean(TokenService.class);
    String ws = workspaces.createWorkspace("Gated", "", "test").id();
    enforce = workspaces.createCluster(ws, "enforce", "", "test").id();
    audit = workspaces.createCluster(ws, "audit", "", "test").id();
    off = workspaces.createCluster(ws, "sensor-off", "", "test").id();
    posture = workspaces.createCluster(ws, "posture", "", "test").id();
    settings.patch(SettingsScope.cluster(enforce), Map.of(AdmissionSettings.ENFORCEMENT, "enforce",
        AdmissionSettings.UNSCANNED, "deny", AdmissionSettings.POSTURE, "off"), "test");
    settings.patch(SettingsScope.cluster(off), Map.of("protection.sensor", false,
        AdmissionSettings.ENFORCEMENT, "enforce"), "test");
    settings.patch(SettingsScope.cluster(posture), Map.of(AdmissionSettings.ENFORCEMENT, "enforce",
        AdmissionSettings.UNSCANNED, "allow", AdmissionSettings.POSTURE, "denyHigh"), "test");
    for (String c : List.of(enforce, audit, off, posture)) {
      tokens.put(c, tokenService.create("admission-" + c, ApiToken.Kind.INGESTION, Optional.empty(), Optional.of(c),
          Optional.empty(), "test").secret());
      ctx.getBean(FindingIngestService.class).report(FindingReport.full(c, FindingKind.VULNERABILITY, "test-scanner"),
          List.of(
              vuln("CVE-2026-0001", Severity.CRITICAL, CRITICAL, "openssl", "3.0.1", "3.0.9", false),
              vuln("CVE-2026-0002", Severity.CRITICAL, KEV, "glibc", "2.36", "", false),
              vuln("CVE-2026-0003", Severity.HIGH, KEV, "curl", "8.0.0", "", true),
              vuln("CVE-2026-0004", Severity.LOW, CLEAN, "zlib", "1.2.13", "1.3", false)));
    }
    // The vulnerability scanner's per-digest status: these three were scanned, UNSCANNED was not.
    org.springframework.jdbc.core.simple.JdbcClient jdbc = server.database().jdbc();
    for (String image : List.of(CRITICAL, KEV, CLEAN)) {
      jdbc.sql("insert into image_scans (digest, reference, status, queued_at, finished_at) values (?, ?, 'DONE', ?, ?)")
          .params(image.substring(image.indexOf('@') + 1), image, java.time.OffsetDateTime.now(),
              java.time.OffsetDateTime.now()).update();
    }
    reader = tokenService.create("reader", ApiToken.Kind.API, Optional.of(Role.READER), Optional.empty(),
        Optional.empty(), "test").secret();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(tls)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  static ReportedFinding vuln(String cve, Severity severity, String image, String pkg, String version, String fixed,
      boolean kev) {
    String digest = image.substring(image.indexOf('@') + 1);
    return ReportedFinding.builder(cve, cve + " in " + pkg, severity).image(image, digest)
        .pkg(pkg, version, fixed).resource("shop", "Deployment", "web").attributes(Map.of("kev", kev)).build();
  }

  static String payload(String file, String image, String namespace) throws Exception {
    try (InputStream in = AdmissionWebhookIT.class.getResourceAsStream("/admission/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${UID}", UUID.randomUUID().toString())
          .replace("${IMAGE}", image).replace("${NAMESPACE}", namespace);
    }
  }

  static HttpResponse<String> post(String cluster, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/admission/v1/clusters/" + cluster + "/validate"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode review(String cluster, String body) throws Exception {
    HttpResponse<String> r = post(cluster, tokens.get(cluster), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().allValues("Set-Cookie")).as("an API server keeps no session and needs no CSRF token")
        .isEmpty();
    JsonNode json = ApiClient.JSON.readTree(r.body());
    assertThat(json.get("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
    assertThat(json.get("kind").asString()).isEqualTo("AdmissionReview");
    String uid = ApiClient.JSON.readTree(body).get("request").get("uid").asString();
    assertThat(json.get("response").get("uid").asString()).isEqualTo(uid);
    return json.get("response");
  }

  static List<String> warnings(JsonNode response) {
    JsonNode w = response.get("warnings");
    return w == null ? List.of() : w.valueStream().map(JsonNode::asString).toList();
  }

  @Test
  void enforceDeniesCriticalWithAFixAndKnownExploitedImagesSayingWhy() throws Exception {
    JsonNode denied = review(enforce, payload("deployment-create.json", CRITICAL, "shop"));
    assertThat(denied.get("allowed").asBoolean()).isFalse();
    assertThat(denied.get("status").get("code").asInt()).isEqualTo(403);
    assertThat(denied.get("status").get("message").asString()).isEqualTo("Kubeward denied this: image " + CRITICAL
        + " has 1 Critical vulnerability with a fix");

    JsonNode kev = review(enforce, payload("pod-create-privileged.json", KEV, "shop"));
    assertThat(kev.get("allowed").asBoolean()).isFalse();
    assertThat(kev.get("status").get("message").asString())
        .as("a Critical without a fix does not count; the KEV does")
        .isEqualTo("Kubeward denied this: image " + KEV + " has 1 known exploited vulnerability (CISA KEV)");

    JsonNode clean = review(enforce, payload("deployment-create.json", CLEAN, "shop"));
    assertThat(clean.get("allowed").asBoolean()).isTrue();
    assertThat(clean.get("status")).isNull();
    assertThat(warnings(clean)).isEmpty();
  }

  @Test
  void unscannedImagesFollowTheSettingAndTagsAreUnscanned() throws Exception {
    JsonNode unscanned = review(enforce, payload("cronjob-update.json", UNSCANNED, "batch"));
    assertThat(unscanned.get("allowed").asBoolean()).isFalse();
    assertThat(unscanned.get("status").get("message").asString()).contains("image " + UNSCANNED + " has not been scanned");
    JsonNode tag = review(enforce, payload("deployment-create.json", TAG_ONLY, "shop"));
    assertThat(tag.get("allowed").asBoolean()).isFalse();
    assertThat(tag.get("status").get("message").asString())
        .contains("image " + TAG_ONLY + " is not pinned by digest, so its scan result is unknown");

    // audit (default): unscanned images warn
    JsonNode warned = review(audit, payload("cronjob-update.json", UNSCANNED, "batch"));
    assertThat(warned.get("allowed").asBoolean()).isTrue();
    assertThat(warnings(warned)).first().isEqualTo("image " + UNSCANNED + " has not been scanned");
    assertThat(warnings(warned)).as("posture rules warn by default").contains("KW-CTR-001 Root file system is writable"
        + " (container report)");
  }

  @Test
  void auditModeAllowsRecordsAndListsWhatWouldHaveBeenDenied() throws Exception {
    JsonNode r = review(audit, payload("deployment-create.json", CRITICAL, "shop"));
    assertThat(r.get("allowed").asBoolean()).isTrue();
    assertThat(warnings(r)).contains("Kubeward audit mode, would deny: image " + CRITICAL
        + " has 1 Critical vulnerability with a fix");
    server.running().context().getBean(AdmissionService.class).flushRecords();

    HttpResponse<String> list = https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clusters/" + audit
        + "/admission/decisions?mode=audit")).header("Authorization", "Bearer " + reader).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    JsonNode page = ApiClient.JSON.readTree(list.body());
    JsonNode first = page.get("items").get(0);
    assertThat(first.get("kind").asString()).isEqualTo("Deployment");
    assertThat(first.get("namespace").asString()).isEqualTo("shop");
    assertThat(first.get("name").asString()).isEqualTo("web");
    assertThat(first.get("mode").asString()).isEqualTo("audit");
    assertThat(first.get("allowed").asBoolean()).isTrue();
    assertThat(first.get("reasons").get(0).asString()).isEqualTo("image " + CRITICAL
        + " has 1 Critical vulnerability with a fix");

    HttpResponse<String> doc = https.send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json"))
        .header("Authorization", "Bearer " + reader).build(), HttpResponse.BodyHandlers.ofString());
    OpenApiResponseValidator validator = new OpenApiResponseValidator(ApiClient.JSON.readTree(doc.body()));
    assertThat(validator.problems("/api/v1/clusters/{id}/admission/decisions", "get", 200, page)).isEmpty();

    HttpResponse<String> otherCluster = https.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clusters/"
        + audit + "/admission/decisions")).header("Authorization", "Bearer " + tokens.get(audit)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(otherCluster.statusCode()).as("an ingestion token cannot read the API").isEqualTo(403);
  }

  @Test
  void postureRulesDenyHighFindingsOnTheObject() throws Exception {
    JsonNode privileged = review(posture, payload("pod-create-privileged.json", CLEAN, "shop"));
    assertThat(privileged.get("allowed").asBoolean()).isFalse();
    assertThat(privileged.get("status").get("message").asString()).contains("KW-PSS-001");
    JsonNode hardened = review(posture, payload("deployment-create.json", CLEAN, "shop"));
    assertThat(hardened.get("allowed").asBoolean()).as(hardened.toString()).isTrue();
  }

  @Test
  void componentsOffExemptNamespacesAndDeletesAreAllowed() throws Exception {
    JsonNode offResponse = review(off, payload("deployment-create.json", CRITICAL, "shop"));
    assertThat(offResponse.get("allowed").asBoolean()).isTrue();
    assertThat(warnings(offResponse)).singleElement().asString()
        .startsWith("Kubeward gated deployment is off for this cluster: the sensor component is turned off");
    assertThat(review(enforce, payload("deployment-create.json", CRITICAL, "kube-system")).get("allowed")
        .asBoolean()).isTrue();
    String delete = payload("deployment-create.json", CRITICAL, "shop").replace("\"operation\": \"CREATE\"",
        "\"operation\": \"DELETE\"");
    assertThat(review(enforce, delete).get("allowed").asBoolean()).isTrue();
  }

  @Test
  void onlyTheClustersOwnIngestionTokenIsAccepted() throws Exception {
    String body = payload("deployment-create.json", CRITICAL, "shop");
    assertThat(post(enforce, null, body).statusCode()).isEqualTo(401);
    assertThat(post(enforce, "kw_not-a-token", body).statusCode()).isEqualTo(401);
    HttpResponse<String> other = post(enforce, tokens.get(audit), body);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("need its ingestion token");
    assertThat(post(enforce, reader, body).statusCode()).as("an API token is not the cluster's").isEqualTo(403);
  }

  @Test
  void malformedReviewsAreAClear400() throws Exception {
    String token = tokens.get(enforce);
    assertThat(problem(post(enforce, token, "{not json"))).startsWith("the body is not JSON");
    assertThat(problem(post(enforce, token, "[]"))).isEqualTo("expected an AdmissionReview object");
    assertThat(problem(post(enforce, token, payload("deployment-create.json", CLEAN, "shop")
        .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1"))))
        .isEqualTo("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got 'admission.k8s.io/v1beta1'"
            + " 'AdmissionReview'");
    assertThat(problem(post(enforce, token, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")))
        .isEqualTo("the AdmissionReview has no request");
    assertThat(problem(post(enforce, token, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}")))
        .isEqualTo("request.uid is missing or longer than 100 characters");
    assertThat(problem(post(enforce, token, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"PATCH\"}}")))
        .isEqualTo("request.operation must be CREATE, UPDATE, DELETE or CONNECT, got 'PATCH'");
    assertThat(problem(post(enforce, token, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\"}}")))
        .isEqualTo("request.object is missing for CREATE");
    assertThat(problem(post(enforce, token, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":[1]}}")))
        .isEqualTo("request.object must be an object");
    // A pod without kind/metadata in the object is evaluated for images, and its posture is reported as not evaluated.
    JsonNode odd = review(posture, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
        + "\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":{\"spec\":"
        + "{\"containers\":[{\"name\":\"c\",\"image\":\"" + CRITICAL + "\"}]}}}}");
    assertThat(odd.get("allowed").asBoolean()).isFalse();
    assertThat(warnings(odd)).singleElement().asString().startsWith("misconfiguration rules not evaluated");
  }

  static String problem(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    return ApiClient.JSON.readTree(r.body()).get("detail").asString();
  }
}
