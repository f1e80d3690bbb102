package dev.kubeward.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.Browser;
import dev.kubeward.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The Security alerts tab in Debian's Chromium on the demo cluster: an alert's detail (what happened, recommended
 * steps, MITRE, entities, evidence, Open logs), a suppression rule created from it, bulk status for a SecurityAdmin,
 * no status actions for a Reader, and the incidents, suppression rules, drift policies and sensors views. Screenshots
 * land in target/screenshots.
 */
class AlertsBrowserIT {
  static TestServer server;
  static ApiClient admin;
  static ApiClient reader;
  static String prod;

  @BeforeAll
  static void start() {
    server = TestServer.start("--kubeward.demo=true");
    admin = server.admin();
    reader = server.tokenWithRole("reader");
    for (JsonNode c : admin.get("/api/v1/clusters?limit=100").json().get("items")) {
      if (c.get("name").asString().equals("shop-prod")) {
        prod = c.get("id").asString();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode alert(String detection) {
    for (JsonNode a : reader.get("/api/v1/clusters/" + prod + "/runtime/alerts?limit=500").json().get("items")) {
      if (a.get("detection").asString().equals(detection)) {
        return a;
      }
    }
    throw new AssertionError("no demo alert of " + detection);
  }

  @Test
  void securityAdminSeesDetailOpenLogsCreatesASuppressionRuleAndChangesStatusInBulk() {
    long shell = alert("proc-shell-from-web-server").get("findingId").asLong();
    long exec = alert("k8s-pod-exec").get("findingId").asLong();
    long burst = alert("k8s-secret-enumeration-burst").get("findingId").asLong();
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts");
      b.waitFor(By.cssSelector("table.findings[data-tab='alerts'] tbody tr[data-id='" + shell + "']"));
      b.screenshot("alerts-demo-list");
      // Worst risk first.
      assertThat(b.driver().findElement(By.cssSelector("table.findings tbody tr[data-id]")).getText()).contains("High risk");

      b.driver().findElement(By.cssSelector("tr[data-id='" + shell + "']")).click();
      b.waitForText(By.id("detail"), "Recommended steps");
      String text = b.driver().findElement(By.id("detail")).getText();
      assertThat(text).contains("What happened").contains("Entities").contains("Evidence")
          .contains("shop/Deployment/frontend").contains("MITRE ATT&CK");
      assertThat(b.driver().findElement(By.cssSelector("#detail .facts a[href^='https://attack.mitre.org/']"))
          .isDisplayed()).isTrue();
      assertThat(b.all(By.cssSelector("#detail .actions button")).stream().map(WebElement::getText))
          .contains("Change status", "Open logs", "Create suppression rule");
      b.driver().findElement(By.cssSelector("#detail button[data-action='open-logs']")).click();
      WebElement logs = b.waitFor(By.cssSelector("#detail table.logs tbody tr.evidence-row"));
      b.script("arguments[0].scrollIntoView({block: 'center'})", logs);
      assertThat(b.driver().findElement(By.cssSelector("#detail table.logs")).getText()).contains("/bin/sh");
      b.screenshot("alert-detail-open-logs");

      // A suppression rule prefilled from the alert.
      b.driver().findElement(By.cssSelector("#detail button[data-action='suppress']")).click();
      WebElement detections = b.waitFor(By.id("dlg-detectionIds"));
      assertThat(detections.getAttribute("value")).isEqualTo("proc-shell-from-web-server");
      assertThat(b.driver().findElement(By.id("dlg-namespace")).getAttribute("value")).isEqualTo("shop");
      assertThat(b.driver().findElement(By.id("dlg-workload")).getAttribute("value")).isEqualTo("frontend");
      b.driver().findElement(By.id("dlg-reason")).sendKeys("the health check shells out; accepted by the web team");
      b.screenshot("suppression-rule-dialog");
      b.driver().findElement(By.cssSelector("dialog button[type=submit]")).click();
      b.waitForText(By.id("toasts"), "Suppression rule created");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          admin.get("/api/v1/findings/" + shell).json().get("status").asString().equals("dismissed"));

      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts?view=suppression");
      assertThat(b.waitFor(By.cssSelector("table.suppression-rules tbody tr")).getText())
          .contains("the health check shells out");
      b.screenshot("alerts-suppression-rules");

      // Bulk status: two alerts to In progress at once.
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts");
      b.waitFor(By.cssSelector("tr[data-id='" + exec + "'] input[type=checkbox]")).click();
      b.driver().findElement(By.cssSelector("tr[data-id='" + burst + "'] input[type=checkbox]")).click();
      b.driver().findElement(By.cssSelector("button[data-bulk='changeStatus']")).click();
      new Select(b.waitFor(By.id("dlg-status"))).selectByValue("inProgress");
      b.driver().findElement(By.id("dlg-comment")).sendKeys("investigating the contractor and ci-deployer");
      b.driver().findElement(By.cssSelector("dialog button[type=submit]")).click();
      b.waitForText(By.id("toasts"), "2 changed");
      assertThat(admin.get("/api/v1/findings/" + exec).json().get("status").asString()).isEqualTo("inProgress");
      assertThat(admin.get("/api/v1/findings/" + burst).json().get("status").asString()).isEqualTo("inProgress");

      for (String view : new String[] {"incidents", "drift", "sensors"}) {
        b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts?view=" + view);
        b.waitFor(By.cssSelector(".view-toggle button[data-view='" + view + "'][aria-pressed='true']"));
        b.screenshot("alerts-" + view);
      }
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts?view=incidents");
      assertThat(b.waitFor(By.cssSelector("article.incident")).getText()).isNotBlank();
      assertThat(b.driver().findElement(By.cssSelector(".tabpanel")).getText()).contains("shop/Deployment/frontend");
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts?view=sensors");
      assertThat(b.waitFor(By.cssSelector("table.sensors tbody")).getText()).contains("kubernetes-audit")
          .contains("tetragon").contains("falco");
    }
  }

  @Test
  void aReaderSeesAlertsButCannotChangeThem() {
    ApiClient.Response created = admin.post("/api/v1/users", Map.of("username", "alertreader", "password",
        "alert-reader-password-1", "role", "reader"));
    assertThat(created.status()).isEqualTo(201);
    long fid = alert("falco-warning-rule").get("findingId").asLong();
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "alertreader", "alert-reader-password-1");
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/alerts");
      b.waitFor(By.cssSelector("tr[data-id='" + fid + "']")).click();
      b.waitForText(By.id("detail"), "Recommended steps");
      assertThat(b.all(By.cssSelector("#detail .actions button")).stream().map(WebElement::getText))
          .contains("Open logs").doesNotContain("Change status", "Create suppression rule");
      assertThat(b.all(By.cssSelector("button[data-bulk]"))).isEmpty();
      assertThat(b.all(By.cssSelector("button[data-action='test-alert']"))).isEmpty();
      b.screenshot("alerts-reader-detail");
    }
  }
}
