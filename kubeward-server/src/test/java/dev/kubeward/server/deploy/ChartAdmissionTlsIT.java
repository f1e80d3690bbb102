package dev.kubeward.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.security.ApiToken;
import dev.kubeward.server.security.TokenService;
import dev.kubeward.server.settings.SettingsScope;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import dev.kubeward.server.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The chart's HTTPS admission webhook, run: a CA and a server certificate are made the way cert-manager makes them (a
 * {@code kubernetes.io/tls} Secret: PEM {@code tls.crt} with the chain, PKCS#1 {@code tls.key}); the chart is rendered
 * with admission on and that CA as {@code admission.caBundle}; the server is started with exactly the TLS settings the
 * rendered Deployment gives it (its {@code SPRING_APPLICATION_JSON} and {@code MANAGEMENT_SERVER_SSL_ENABLED}), the
 * Secret's files at the rendered mount path (moved under a temporary folder, the only change); and an AdmissionReview
 * is posted to the path of the rendered ValidatingWebhookConfiguration over HTTPS, trusting nothing but the CA decoded
 * from its {@code caBundle} — what the API server does. Needs {@code openssl} (skipped, visibly, without it).
 */
class ChartAdmissionTlsIT {
  static final String NAMESPACE = "kubeward";

  @TempDir
  Path temp;

  TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theServerStartedWithTheChartsTlsSettingsAnswersAdmissionOverHttpsTrustedByTheCaBundle() throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    if (!Files.isExecutable(openssl)) {
      System.err.println("[kubeward-test] openssl not found: the chart's admission TLS test is SKIPPED");
      Assumptions.abort("openssl is not installed");
    }
    String serviceName = "kubeward-admission." + NAMESPACE + ".svc";
    Path ca = makeCertificates(temp, serviceName);

    // First rendering: the server Deployment's TLS settings (they do not depend on the cluster id).
    String caPem = Files.readString(ca.resolve("ca.crt"));
    Map<String, Object> deployment = find(render("placeholder", caPem), "Deployment", "kubeward-server");
    Map<String, Object> container = first(list(path(deployment, "spec", "template", "spec", "containers")));
    Map<String, String> env = new java.util.HashMap<>();
    for (Map<String, Object> e : list(container.get("env"))) {
      if (e.get("value") != null) {
        env.put((String) e.get("name"), (String) e.get("value"));
      }
    }
    String mountPath = list(container.get("volumeMounts")).stream().filter(m -> m.get("name").equals("tls"))
        .map(m -> (String) m.get("mountPath")).findFirst().orElseThrow();
    Map<String, Object> volume = list(path(deployment, "spec", "template", "spec", "volumes")).stream()
        .filter(v -> v.get("name").equals("tls")).findFirst().orElseThrow();
    assertThat(path(volume, "secret", "secretName")).as("the Secret cert-manager fills").isEqualTo(
        "kubeward-admission-tls");
    String springJson = env.get("SPRING_APPLICATION_JSON");
    assertThat(springJson).as("the rendered TLS settings").contains(mountPath + "/tls.crt", mountPath + "/tls.key");

    // The Secret "mounted": its two files at the rendered path, under a temporary root.
    Path mounted = Files.createDirectories(temp.resolve("mount" + mountPath));
    Files.copy(ca.resolve("tls.crt"), mounted.resolve("tls.crt"));
    Files.copy(ca.resolve("tls.key"), mounted.resolve("tls.key"));
    server = TestServer.start("--spring.application.json=" + springJson.replace("file:" + mountPath,
            "file:" + mounted), "--management.server.ssl.enabled=" + env.get("MANAGEMENT_SERVER_SSL_ENABLED"));

    var ctx = server.running().context();
    String ws = ctx.getBean(WorkspaceService.class).createWorkspace("Chart TLS", "", "test").id();
    String cluster = ctx.getBean(WorkspaceService.class).createCluster(ws, "gated", "", "test").id();
    ctx.getBean(SettingsService.class).patch(SettingsScope.cluster(cluster),
        Map.of("admission.enforcement", "enforce", "admission.unscannedImages", "deny"), "test");
    String token = ctx.getBean(TokenService.class).create("apiserver", ApiToken.Kind.INGESTION, Optional.empty(),
        Optional.of(cluster), Optional.empty(), "test").secret();

    // Second rendering, with this cluster: the webhook as the API server reads it.
    Map<String, Object> webhookConfig = find(render(cluster, caPem), "ValidatingWebhookConfiguration", "kubeward");
    Map<String, Object> webhook = first(list(webhookConfig.get("webhooks")));
    String caBundle = (String) path(webhook, "clientConfig", "caBundle");
    String webhookPath = (String) path(webhook, "clientConfig", "service", "path");
    assertThat(path(webhook, "clientConfig", "service", "name") + "." + path(webhook, "clientConfig", "service",
        "namespace") + ".svc").isEqualTo(serviceName);
    HttpClient apiServer = clientTrusting(Base64.getDecoder().decode(caBundle));

    String review;
    try (InputStream in = getClass().getResourceAsStream("/admission/deployment-create.json")) {
      review = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${UID}", UUID.randomUUID().toString())
          .replace("${IMAGE}", "registry.example/never-scanned:1.0").replace("${NAMESPACE}", "shop");
    }
    HttpResponse<String> r = apiServer.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
            + webhookPath)).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(review)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.sslSession()).isPresent();
    X509Certificate served = (X509Certificate) r.sslSession().get().getPeerCertificates()[0];
    assertThat(served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).as("the Service's DNS name")
        .contains(serviceName);
    JsonNode response = ApiClient.JSON.readTree(r.body()).get("response");
    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.get("status").get("message").asString()).contains("not pinned by digest");

    // A client that trusts some other CA is refused the handshake: the caBundle is what makes it work.
    Path other = makeCertificates(Files.createDirectories(temp.resolve("other")), serviceName);
    HttpClient stranger = clientTrusting(Files.readAllBytes(other.resolve("ca.crt")));
    try {
      stranger.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + webhookPath))
          .POST(HttpRequest.BodyPublishers.ofString(review)).build(), HttpResponse.BodyHandlers.ofString());
      throw new AssertionError("a client trusting another CA completed the handshake");
    } catch (java.io.IOException e) {
      // The server's certificate does not chain to the stranger's CA.
      Throwable t = e;
      while (t != null && !(t instanceof javax.net.ssl.SSLException)) {
        t = t.getCause();
      }
      assertThat(t).as("a TLS failure, not another I/O error: " + e).isNotNull();
    }
  }

  /** A CA and a server certificate signed by it, as cert-manager issues them; returns the folder. */
  static Path makeCertificates(Path dir, String serviceName) throws Exception {
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:" + serviceName + ",DNS:localhost\n"
        + "extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n");
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=kubeward-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    run(dir, "openssl", "genrsa", "-traditional", "-out", "tls.key", "2048");
    run(dir, "openssl", "req", "-new", "-key", "tls.key", "-out", "server.csr", "-subj", "/CN=" + serviceName);
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.crt", "-days", "2", "-extfile", "server.ext");
    // cert-manager's tls.crt holds the leaf followed by its issuer.
    Files.writeString(dir.resolve("tls.crt"), Files.readString(dir.resolve("leaf.crt"))
        + Files.readString(dir.resolve("ca.crt")));
    assertThat(Files.readString(dir.resolve("tls.key"))).as("PKCS#1, cert-manager's default encoding")
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    return dir;
  }

  static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }

  static HttpClient clientTrusting(byte[] pem) throws Exception {
    Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem));
    assertThat(certs).isNotEmpty();
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (var c : certs) {
      trust.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static List<Map<String, Object>> render(String clusterId, String caPem) {
    String yaml = new com.marcnuri.helm.Helm(HelmChartTest.CHART).template().withName("kubeward")
        .withNamespace(NAMESPACE).set("admission.enabled", "true").set("admission.clusterId", clusterId)
        .set("admission.caBundle", caPem).call();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
      if (doc instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        docs.add(typed);
      }
    }
    return docs;
  }

  static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(path(d, "metadata", "name")))
        .findFirst().orElseThrow(() -> new AssertionError("the rendering has no " + kind + " " + name));
  }

  @SuppressWarnings("unchecked")
  static Object path(Map<String, Object> map, String... keys) {
    Object o = map;
    for (String k : keys) {
      o = ((Map<String, Object>) o).get(k);
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  static Map<String, Object> first(List<Map<String, Object>> l) {
    return l.get(0);
  }
}
