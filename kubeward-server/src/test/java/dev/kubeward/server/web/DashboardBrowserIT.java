package dev.kubeward.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingIngestService;
import dev.kubeward.server.findings.FindingReport;
import dev.kubeward.server.findings.ReportedFinding;
import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.Browser;
import dev.kubeward.server.testing.TestServer;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** The dashboard in a real browser: sign in, overview, tabs, detail panel, bulk actions, CSV, settings, roles. */
class DashboardBrowserIT {
  static TestServer server;
  static String workspaceId;
  static String clusterId;
  static final String HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>";

  @BeforeAll
  static void start() {
    server = TestServer.start();
    ApiClient admin = server.admin();
    workspaceId = admin.post("/api/v1/workspaces", Map.of("name", "Browser shop")).json().get("id").asString();
    clusterId = admin.post("/api/v1/workspaces/" + workspaceId + "/clusters", Map.of("name", "prod")).json().get("id").asString();
    FindingIngestService ingest = server.running().context().getBean(FindingIngestService.class);
    List<ReportedFinding> misconfigs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      misconfigs.add(new ReportedFinding(null, "KW-CTR-00" + (i % 5), "Container runs privileged", "privileged: true",
          i % 3 == 0 ? Severity.HIGH : Severity.MEDIUM, null, "shop", "Deployment", "web-" + i, "app", null, null,
          null, null, null, Map.of("remediation", "Set securityContext.privileged to false.")));
    }
    misconfigs.add(new ReportedFinding(null, "KW-CTR-009", "Workload named like a script", "name " + HOSTILE,
        Severity.HIGH, null, "shop", "Pod", HOSTILE, "c", null, null, null, null, null, Map.of()));
    ingest.report(FindingReport.full(clusterId, FindingKind.MISCONFIGURATION, "posture"), misconfigs);
    ingest.report(FindingReport.full(clusterId, FindingKind.ALERT, "runtime"), List.of(
        new ReportedFinding(null, "KW-RT-EXEC", "Exec into a pod", "kubectl exec by alice", Severity.HIGH, null, "shop",
            "Deployment", "web-1", "app", null, null, null, null, null, Map.of("user", "alice"))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSecurityAdminWorksThroughTheDashboard() throws Exception {
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);

      // Overview: the workspace, its cluster and the cluster's findings bar.
      WebElement cluster = b.waitFor(By.cssSelector("article.cluster[data-cluster='prod']"));
      assertThat(cluster.findElement(By.cssSelector(".tile[data-kind='misconfiguration'] .tile-headline")).getText())
          .isEqualTo("21 High misconfigurations");
      assertThat(cluster.getText()).contains("sensor: on");
      b.screenshot("overview");

      // The bar's tile opens the tab filtered to its headline.
      cluster.findElement(By.cssSelector(".tile[data-kind='misconfiguration']")).click();
      b.waitFor(By.cssSelector("table.findings[data-tab='misconfigurations'] tbody tr"));
      assertThat(b.driver().getCurrentUrl()).endsWith("/misconfigurations?severity=high");
      assertThat(b.all(By.cssSelector("table.findings tbody tr"))).hasSize(21);

      // A hostile resource name is shown as text and never runs.
      assertThat(b.driver().findElement(By.cssSelector("table.findings")).getText()).contains("<script>window.__pwned=1</script>");
      assertThat(b.script("return window.__pwned === undefined")).isEqualTo(true);
      b.screenshot("misconfigurations");

      // Detail panel.
      b.all(By.cssSelector("table.findings tbody tr")).stream().filter(r -> r.getText().contains("web-")).findFirst()
          .orElseThrow().click();
      WebElement panel = b.waitFor(By.id("detail"));
      b.waitForText(By.id("detail"), "Remediation");
      assertThat(panel.getText()).contains("Set securityContext.privileged to false.").contains("History");
      b.screenshot("misconfiguration-detail");
      panel.findElement(By.cssSelector("button[aria-label='Close details']")).click();

      // Bulk: select three findings and assign an owner.
      List<WebElement> boxes = b.all(By.cssSelector("table.findings tbody input[type=checkbox]"));
      for (int i = 0; i < 3; i++) {
        boxes.get(i).click();
      }
      b.driver().findElement(By.cssSelector("button[data-bulk='assignOwner']")).click();
      WebElement dialog = b.waitFor(By.cssSelector("dialog.dialog"));
      dialog.findElement(By.id("dlg-owner")).sendKeys("team-shop@example.com");
      dialog.findElement(By.cssSelector("button[type=submit]")).click();
      b.waitForText(By.id("toasts"), "3 changed");
      JsonNode owned = server.admin().get("/api/v1/clusters/" + clusterId + "/findings?owner=team-shop@example.com").json();
      assertThat(owned.get("items")).hasSize(3);

      // Download the CSV of the current filter and read it back.
      b.driver().findElement(By.cssSelector("a.csv")).click();
      Path csv = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
        try (var files = Files.list(b.downloads())) {
          return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
        }
      }, p -> p != null);
      try (Reader r = Files.newBufferedReader(csv)) {
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        assertThat(rows).hasSize(21);
      }

      // Unfiltered, the list shows the worst first.
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/misconfigurations?severity=high,medium");
      b.waitFor(By.cssSelector("table.findings[data-tab='misconfigurations'] tbody tr"));
      assertThat(b.all(By.cssSelector("table.findings tbody tr")).get(0).getText()).contains("High");

      // The other tabs render; the alerts tab shows the alert.
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/alerts");
      b.waitForText(By.cssSelector("table.findings[data-tab='alerts']"), "Exec into a pod");
      b.screenshot("alerts");
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/vulnerabilities");
      b.waitFor(By.cssSelector("[data-tab='vulnerabilities']"));
      b.screenshot("vulnerabilities");
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/compliance");
      b.waitFor(By.cssSelector("[data-tab='compliance']"));
      b.screenshot("compliance");
    }
  }

  @Test
  void aWorkspaceSettingIsInheritedAndLockedOnTheCluster() {
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/workspaces/" + workspaceId + "/settings");
      WebElement select = b.waitFor(By.id("setting-protection-sensor"));
      new org.openqa.selenium.support.ui.Select(select).selectByValue("false");
      // The standards are a checkbox list of the known ids, not free text
      WebElement standards = b.waitFor(By.id("setting-compliance-standards"));
      assertThat(standards.findElements(By.cssSelector("input[type=checkbox]")))
          .extracting(e -> e.getAttribute("value")).contains("cis-kubernetes", "pss-baseline", "pss-restricted");
      standards.findElement(By.cssSelector("input[value='pss-baseline']")).click();
      b.driver().findElement(By.cssSelector(".settings-form button[type=submit]")).click();
      b.waitForText(By.id("toasts"), "Settings saved");

      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/settings");
      b.waitForText(By.cssSelector("tr[data-setting='protection.sensor']"), "locked by workspace");
      WebElement row = b.waitFor(By.cssSelector("tr[data-setting='protection.sensor']"));
      assertThat(row.findElement(By.id("setting-protection-sensor")).isEnabled()).isFalse();
      assertThat(row.getText()).contains("off");
      b.waitForText(By.cssSelector("tr[data-setting='compliance.standards']"), "locked by workspace");
      assertThat(b.waitFor(By.cssSelector("tr[data-setting='compliance.standards'] .effective")).getText())
          .isEqualTo("pss-baseline");
      b.screenshot("cluster-settings");

      // The alerts tab now explains why it is empty.
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/alerts");
      WebElement empty = b.waitFor(By.cssSelector("[data-empty='componentOff']"));
      assertThat(empty.getText()).contains("the sensor component is turned off for the workspace");
      server.admin().patch("/api/v1/workspaces/" + workspaceId + "/settings",
          Map.of("values", java.util.Collections.singletonMap("protection.sensor", null)));
      server.admin().patch("/api/v1/workspaces/" + workspaceId + "/settings",
          Map.of("values", java.util.Collections.singletonMap("compliance.standards", null)));
    }
  }

  @Test
  void aReaderSeesNoActionsAndTheServerRefusesThemAnyway() {
    ApiClient readerSession = server.sessionWithRole("reader");
    String username = readerSession.get("/api/v1/me").json().get("name").asString();
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), username, "password-of-" + username);
      b.open(server.baseUrl() + "/#/clusters/" + clusterId + "/misconfigurations?severity=high");
      b.waitFor(By.cssSelector("table.findings tbody tr"));
      assertThat(b.all(By.cssSelector("button[data-bulk]"))).isEmpty();
      b.waitForText(By.cssSelector("table.findings"), "web-");
      assertThat(b.driver().findElement(By.id("app")).getText()).contains("Your role may only read findings.");
      b.all(By.cssSelector("table.findings tbody tr")).get(0).click();
      b.waitForText(By.id("detail"), "History");
      assertThat(b.driver().findElement(By.id("detail")).getText()).doesNotContain("Change status", "Assign owner");
    }
    long alertId = server.admin().get("/api/v1/clusters/" + clusterId + "/findings?kind=alert").json()
        .get("items").get(0).get("id").asLong();
    assertThat(readerSession.put("/api/v1/findings/" + alertId + "/status", Map.of("status", "dismissed")).status())
        .isEqualTo(403);
  }
}
