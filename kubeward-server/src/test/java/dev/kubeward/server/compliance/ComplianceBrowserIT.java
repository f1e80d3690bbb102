package dev.kubeward.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.Browser;
import dev.kubeward.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The Compliance tab in Debian's Chromium on the demo cluster (assessed by the real engines at start): a card per
 * standard with score and counts, the trend chart, the failing-controls grid with filters kept in the URL, the control
 * in the detail panel with remediation and resources, the evidence CSV, and the findings bar naming a standard.
 * Screenshots land in target/screenshots.
 */
class ComplianceBrowserIT {
  static TestServer server;
  static ApiClient reader;
  static String prod;

  @BeforeAll
  static void start() {
    server = TestServer.start("--kubeward.demo=true");
    reader = server.tokenWithRole("reader");
    for (JsonNode c : reader.get("/api/v1/clusters?limit=100").json().get("items")) {
      if (c.get("name").asString().equals("shop-prod")) {
        prod = c.get("id").asString();
      }
    }
    // The reporter writes the failing controls as findings shortly after the demo's scan; the bar shows them.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        reader.get("/api/v1/clusters/" + prod + "/findings?kind=compliance&limit=1").json().get("items").size() > 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void summaryTrendGridDetailAndEvidence() throws Exception {
    try (Browser b = Browser.start()) {
      b.signIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
      b.open(server.baseUrl() + "/#/clusters/" + prod + "/compliance");

      // One card per selected standard (all shipped ones by default), with score and counts.
      WebElement card = b.waitFor(By.cssSelector(".standard-card[data-standard='pss-baseline']"));
      assertThat(b.all(By.cssSelector(".standard-card"))).hasSize(5);
      assertThat(card.findElement(By.cssSelector(".score")).getText()).matches("\\d+(\\.\\d)?%");
      assertThat(card.getText()).contains("Passed", "Failed", "Manual", "Not evaluated");
      assertThat(b.driver().findElement(By.cssSelector(".standard-card[data-standard='cis-kubernetes'] [data-count='manual'] dd"))
          .getText()).matches("\\d{2,3}");
      // The trend: today's snapshot drawn as an SVG point.
      b.waitFor(By.cssSelector("svg.trend-chart circle.trend-point"));
      // The findings bar counts failing controls per standard.
      assertThat(b.driver().findElement(By.cssSelector(".findings-bar")).getText()).containsPattern("failing controls? in ");
      // The grid lists failing controls only.
      WebElement row = b.waitFor(By.cssSelector("tr.failing-control[data-standard='pss-baseline'][data-control='privileged-containers']"));
      assertThat(row.getText()).contains("KW-PSS-001");
      b.screenshot("compliance-demo-summary");

      // Filters live in the URL: one standard, one namespace.
      new Select(b.driver().findElement(By.id("cc-standard"))).selectByValue("pss-restricted");
      b.driver().findElement(By.id("cc-namespace")).sendKeys("shop");
      b.driver().findElement(By.cssSelector("form.filters button[type=submit]")).click();
      b.waitFor(By.cssSelector(".standard-card.active[data-standard='pss-restricted']"));
      b.waitFor(By.cssSelector("tr.failing-control[data-standard='pss-restricted']"));
      assertThat(b.driver().getCurrentUrl()).contains("standard=pss-restricted").contains("namespace=shop");
      List<WebElement> rows = b.all(By.cssSelector("tr.failing-control"));
      assertThat(rows).isNotEmpty().allMatch(r -> "pss-restricted".equals(r.getAttribute("data-standard")));
      b.screenshot("compliance-demo-filtered");

      // The control in the detail panel: remediation, affected resources, the way to the quick fix.
      b.driver().findElement(By.cssSelector("tr.failing-control[data-control='privileged-containers']")).click();
      b.waitForText(By.id("detail"), "Failing recommendations");
      String panel = b.driver().findElement(By.id("detail")).getText();
      assertThat(panel).contains("Privileged Containers", "KW-PSS-001", "Remediation", "Deployment shop/frontend",
          "Open in Misconfigurations");
      b.screenshot("compliance-demo-control");

      // Evidence export: the CSV lists every control with status and timestamp.
      WebElement csv = b.driver().findElement(By.cssSelector(".standard-card[data-standard='pss-restricted'] a.evidence[data-format='csv']"));
      assertThat(csv.getAttribute("href")).contains("/standards/pss-restricted/evidence?format=csv");
      b.driver().findElement(By.cssSelector("#detail button[aria-label='Close details']")).click();
      b.script("arguments[0].scrollIntoView({block: 'center'})", csv);
      csv.click();
      Path file = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
        try (var files = Files.list(b.downloads())) {
          return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
        }
      }, p -> p != null);
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.get(0)).startsWith("standard,control,title,section,status");
      assertThat(lines).anyMatch(l -> l.startsWith("pss-restricted,privileged-containers,Privileged Containers,baseline,failed"));
      assertThat(lines.stream().map(l -> l.split(",")[1]).distinct().count()).isGreaterThanOrEqualTo(16);
    }
  }
}
