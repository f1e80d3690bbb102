package dev.kubeward.server.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.MockKubeconfig;
import dev.kubeward.server.testing.Browser;
import dev.kubeward.server.testing.TestServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The misconfigurations tab in Debian's Chromium: the demo cluster's findings by rule and in the detail panel (rule
 * explanation, fixed manifest, admission policy), and a quick fix previewed, dry-run and applied on a live cluster
 * (fabric8's mock API server). Screenshots land in target/screenshots.
 */
@EnableKubernetesMockClient(crud = true)
class MisconfigurationsBrowserIT {
  static KubernetesClient client;
  static KubernetesMockServer mock;
  static TestServer server;
  static ApiClient admin;
  static String prod;
  static String live;

  @BeforeAll
  static void start() throws Exception {
    Path roots = Files.createTempDirectory("kubeward-browser-");
    server = TestServer.start("--kubeward.demo=true", "--kubeward.sources.allowed-roots=" + roots,
        "--kubeward.inventory.live-start-timeout=20s");
    admin = server.admin();
    for (var c : admin.get("/api/v1/clusters?limit=100").json().get("items")) {
      if (c.get("name").asString().equals("shop-prod")) {
        prod = c.get("id").asString();
      }
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("storefront")
        .addToLabels("team", "web").endMetadata().build()).create();
    Path kubeconfig = MockKubeconfig.write(roots.resolve("kubeconfig"), client);
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Live shop")).json().get("id").asString();
    live = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "live-shop")).json().get("id").asString();
    var loaded = admin.put("/api/v1/clusters/" + live + "/source",
        Map.of("mode", "kubeconfig", "kubeconfigPath", kubeconfig.toString(), "context", "mock"));
    assertThat(loaded.json().get("state").asString()).as(loaded.body()).isEqualTo("ready");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theDemoClustersFindingsByRuleWithTheirExplanationFixedManifestAndPolicy() throws Exception {
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/misconfigurations");
      b.waitFor(By.cssSelector("table.findings[data-tab='misconfigurations'] tbody tr[data-id]"));
      b.screenshot("misconfigurations-demo-list");

      // By rule: the worst rules first, each opening to the resources that fail it.
      b.driver().findElement(By.cssSelector(".view-toggle button[data-view='rules']")).click();
      WebElement group = b.waitFor(By.cssSelector("tr.rule-group[data-rule='KW-PSS-001']"));
      assertThat(group.getText()).contains("Container runs privileged").contains("Pod Security Standards (baseline)");
      assertThat(b.driver().getCurrentUrl()).contains("view=rules");
      group.click();
      WebElement resource = b.waitFor(By.xpath("//tr[contains(@class,'rule-resources')]//button[contains(., 'Deployment shop/frontend')]"));
      b.screenshot("misconfigurations-demo-by-rule");

      // The detail panel: why, how, references, and what Kubeward can do about it.
      resource.click();
      b.waitForText(By.id("detail"), "Fix and prevent");
      WebElement panel = b.waitFor(By.cssSelector("#detail [data-remedy='policy']"));
      String text = b.driver().findElement(By.id("detail")).getText();
      assertThat(text).contains("Why it matters").contains("Remediation").contains("References")
          .contains("securityContext.privileged");
      assertThat(b.driver().findElement(By.cssSelector("#detail [data-remedy='quick-fix']")).getText())
          .contains("Download fixed manifest");
      assertThat(b.driver().findElement(By.cssSelector("#detail .references a")).getAttribute("href")).startsWith("https://");
      b.screenshot("misconfiguration-demo-detail");

      // Prevent: the policy's YAML; the demo is a manifest snapshot, so the panel says why it cannot be applied.
      new Select(b.driver().findElement(By.cssSelector("#detail [data-remedy='policy'] select"))).selectByValue("Warn");
      panel.findElement(By.cssSelector("button[data-action='view-policy']")).click();
      WebElement yaml = b.waitFor(By.cssSelector("#detail pre[data-policy='kubeward-kw-pss-001']"));
      assertThat(yaml.getText()).contains("kind: ValidatingAdmissionPolicy").contains("kind: ValidatingAdmissionPolicyBinding")
          .contains("- Warn");
      assertThat(panel.getText()).contains("Cannot apply from here").contains("manifest snapshot");
      assertThat(panel.findElements(By.cssSelector("button[data-action='apply-policy']"))).isEmpty();
      b.script("arguments[0].scrollIntoView()", yaml);
      b.screenshot("misconfiguration-demo-policy");

      // Download fixed manifest: the Deployment as the inventory holds it, no longer privileged.
      b.driver().findElement(By.cssSelector("#detail a[data-action='download-manifest']")).click();
      Path file = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
        try (var files = Files.list(b.downloads())) {
          return files.filter(p -> p.toString().endsWith(".yaml")).findFirst().orElse(null);
        }
      }, p -> p != null);
      assertThat(file.getFileName().toString()).isEqualTo("deployment-shop-frontend.fixed.yaml");
      assertThat(Files.readString(file)).contains("privileged: false").doesNotContain("privileged: true");
    }
  }

  @Test
  void aQuickFixIsPreviewedDryRunAndAppliedOnALiveCluster() {
    long id = Misconfigurations.find(admin, live, "KW-NS-001", "Namespace/storefront").get("id").asLong();
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/clusters/" + live + "/misconfigurations?rule=KW-NS-001");
      b.waitFor(By.cssSelector("table.findings tbody tr[data-id='" + id + "']")).click();
      WebElement fix = b.waitFor(By.cssSelector("#detail [data-remedy='quick-fix']"));
      fix.findElement(By.cssSelector("button[data-action='preview-fix']")).click();
      WebElement patch = b.waitFor(By.cssSelector("#detail pre[data-patch='merge']"));
      assertThat(patch.getText()).contains("\"pod-security.kubernetes.io/enforce\": \"baseline\"");
      assertThat(fix.getText()).contains("Add the label pod-security.kubernetes.io/enforce=baseline.")
          .contains("Namespace/storefront");
      b.screenshot("quick-fix-preview");

      // Dry run: the API server's answer (the CRUD mock would store it, so answer as the API server does).
      mock.expect().patch().withPath("/api/v1/namespaces/storefront?dryRun=All").andReturn(200,
          new NamespaceBuilder(client.namespaces().withName("storefront").get()).editMetadata()
              .addToLabels("pod-security.kubernetes.io/enforce", "baseline").endMetadata().build()).once();
      fix.findElement(By.cssSelector("button[data-action='dry-run']")).click();
      WebElement dry = b.waitFor(By.cssSelector("#detail [data-result='dry-run']"));
      assertThat(dry.getText()).contains("Dry run").contains("nothing was changed");
      b.script("arguments[0].scrollIntoView({block: 'center'})", dry);
      assertThat(client.namespaces().withName("storefront").get().getMetadata().getLabels())
          .doesNotContainKey("pod-security.kubernetes.io/enforce");
      b.screenshot("quick-fix-dry-run");

      // Apply, after the confirmation dialog.
      fix.findElement(By.cssSelector("button[data-action='apply-fix']")).click();
      WebElement dialog = b.waitFor(By.cssSelector("dialog.dialog"));
      assertThat(dialog.getText()).contains("This patches Namespace/storefront in cluster live-shop");
      dialog.findElement(By.id("dlg-comment")).sendKeys("rolling out PSA");
      b.screenshot("quick-fix-confirm");
      dialog.findElement(By.cssSelector("button[type=submit]")).click();
      WebElement applied = b.waitFor(By.cssSelector("#detail [data-result='applied']"));
      b.waitForText(By.cssSelector("#detail [data-result='applied']"), "resolved");
      assertThat(applied.getText()).contains("Applied").contains("now passes KW-NS-001").contains("resolved");
      b.script("arguments[0].scrollIntoView({block: 'center'})", applied);
      // The list behind the panel refreshes: the fixed finding is no longer among the open ones.
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
          b.all(By.cssSelector("table.findings tbody tr[data-id='" + id + "']")).isEmpty());
      b.screenshot("quick-fix-applied");
    }
    assertThat(client.namespaces().withName("storefront").get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    assertThat(admin.get("/api/v1/findings/" + id).json().get("status").asString()).isEqualTo("resolved");
    assertThat(admin.get("/api/v1/findings/" + id + "/history").json())
        .anySatisfy(h -> assertThat(h.get("comment").asString()).contains("rolling out PSA"));
  }

  @Test
  void anAdmissionPolicyIsViewedAndAppliedToALiveClusterAndARuleIsShown() {
    long id = Misconfigurations.find(admin, live, "KW-NS-003", "Namespace/storefront").get("id").asLong();
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/clusters/" + live + "/misconfigurations?rule=KW-NS-003");
      b.waitFor(By.cssSelector("table.findings tbody tr[data-id='" + id + "']")).click();
      WebElement policy = b.waitFor(By.cssSelector("#detail [data-remedy='policy']"));
      new Select(policy.findElement(By.cssSelector("select"))).selectByValue("Warn,Audit");
      policy.findElement(By.cssSelector("button[data-action='apply-policy']")).click();
      b.waitFor(By.cssSelector("dialog.dialog")).findElement(By.cssSelector("button[type=submit]")).click();
      WebElement done = b.waitFor(By.cssSelector("#detail [data-result='policy']"));
      assertThat(done.getText()).contains("Installed kubeward-kw-ns-003").contains("Warn, Audit");
      b.script("arguments[0].scrollIntoView({block: 'center'})", done);
      b.screenshot("admission-policy-applied");
      assertThat(client.genericKubernetesResources("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")
          .withName("kubeward-kw-ns-003").get()).isNotNull();

      b.open(server.baseUrl() + "/#/rules/KW-PSS-001");
      WebElement cel = b.waitFor(By.cssSelector("pre[data-cel='condition']"));
      assertThat(cel.getText()).contains("privileged");
      assertThat(b.driver().findElement(By.cssSelector(".rule")).getText()).contains("Fixtures")
          .contains("must raise KW-PSS-001").contains("kind: ValidatingAdmissionPolicy");
      b.screenshot("rule-KW-PSS-001");
    }
  }
}
