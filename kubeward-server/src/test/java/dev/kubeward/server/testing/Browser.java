package dev.kubeward.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: a real browser for dashboard tests. Nothing is
 * downloaded; a machine without Chromium skips these tests with a message ({@code .ci/run} installs it).
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Screenshots for reviewers, kept with the build's test output. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path downloads;
  private final Path profile;

  private Browser(ChromeDriver driver, Path downloads, Path profile) {
    this.driver = driver;
    this.downloads = downloads;
    this.profile = profile;
  }

  /** Starts a fresh headless browser, or skips the test when Chromium is not installed. */
  public static Browser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String msg = "Chromium or chromedriver missing (apt-get install chromium chromium-driver): browser tests SKIPPED";
      System.err.println("[kubeward-test] " + msg);
      Assumptions.abort(msg);
    }
    try {
      Path profile = Files.createTempDirectory("kubeward-chromium-");
      Path downloads = Files.createTempDirectory("kubeward-downloads-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--window-size=1366,900", "--user-data-dir=" + profile);
      Map<String, Object> prefs = new HashMap<>();
      prefs.put("download.default_directory", downloads.toString());
      prefs.put("download.prompt_for_download", false);
      options.setExperimentalOption("prefs", prefs);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
      return new Browser(driver, downloads, profile);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Path downloads() {
    return downloads;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Signs in through the login page. */
  public void signIn(String baseUrl, String username, String password) {
    open(baseUrl + "/login");
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    waitFor(By.id("app"));
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/login"));
  }

  /** Waits up to 30 s for an element to be visible. */
  public WebElement waitFor(By by) {
    try {
      return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw explain(e);
    }
  }

  /** Waits until an element's text contains {@code text}. */
  public WebElement waitForText(By by, String text) {
    try {
      new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
      return driver.findElement(by);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw explain(e);
    }
  }

  /** A failed wait, with what the page showed and a screenshot, so a red test says why. */
  private AssertionError explain(RuntimeException e) {
    Path shot = screenshot("failure-" + System.currentTimeMillis());
    String text = String.valueOf(script("return document.body ? document.body.innerText : ''"));
    return new AssertionError(e.getMessage().lines().findFirst().orElse("") + "\npage " + driver.getCurrentUrl()
        + " showed:\n" + text.substring(0, Math.min(2000, text.length())) + "\nscreenshot: " + shot, e);
  }

  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves a screenshot as target/screenshots/NAME.png. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    deleteQuietly(downloads);
    deleteQuietly(profile);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // temp files left behind are harmless
    }
  }
}
