package dev.gorca.serving.http;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real headless browser (Debian's chromium, driven through /usr/bin/chromedriver; install both with
 * serving/install-browser.sh): an operator opens an incident, logs in, labels it, and sees it leave the review
 * queue and count on the model page; crash text holding HTML is shown as text. Screenshots of each test's last
 * page land in serving/target/ui-screens.
 */
class UiBrowserITCase {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String XSS_MESSAGE = "panic: <script>alert('crash')</script><img src=x onerror=alert(2)>";
  private static final String XSS_FUNCTION = "main.(*<script>alert(3)</script>).Handle";
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static IncidentStore store;
  private static GorcaHttpServer server;
  private static List<ObjectNode> incidents;
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "UI tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
            + " run 'bash serving/install-browser.sh' (apt-get install -y chromium chromium-driver)");
    postgres = EmbeddedPostgres.start(dataDir);
    store = PostgresIncidentStore.open(postgres.dataSource());
    try (LabIncidentDocuments lab = new LabIncidentDocuments()) {
      // Margins 0.50, 0.05 and 0.20: the review queue must show the 0.05 one first.
      incidents = List.of(
          LabIncidentDocuments.withTop(lab.incident("goroutine_leak", "request_timeout", "checkout", "checkout-7f9c",
              CRASH_AT), "goroutine_leak", 0.7, "deadlock", 0.2, "memory_leak", 0.05),
          LabIncidentDocuments.withTop(lab.incident("deadlock", "lock_order_inversion", "ledger", "ledger-1",
              CRASH_AT + MINUTE), "deadlock", 0.45, "lock_contention", 0.40, "goroutine_leak", 0.1),
          LabIncidentDocuments.withTop(lab.incident("concurrent_map_access", "map_writes", "payments", "payments-0",
              CRASH_AT + 2 * MINUTE), "concurrent_map_access", 0.5, "application_panic", 0.3, "deadlock", 0.1));
    }
    server = GorcaHttpServer.start(HttpSettings.local(0, Map.of("alice", HttpApiITCase.ALICE_TOKEN)), store,
        new RecordingLabelPublisher(), LabIncidentDocuments.MODELS, new PipelineMetrics());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE incidents, labels, model_versions");
    }
    incidents.forEach(i -> store.upsertIncident(LabIncidentDocuments.stored(i)));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,2000");
    // A driver service per browser: quit() stops it. Naming the executable keeps Selenium Manager (which would
    // download a driver) out of it.
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws Exception {
    if (browser == null) {
      return;
    }
    try {
      Path screens = Path.of("target/ui-screens");
      Files.createDirectories(screens);
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), screens.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }
  }

  @Test
  void an_operator_labels_the_least_certain_incident_and_it_leaves_the_review_queue() {
    open("/review");
    assertEquals(List.of(id(1), id(2), id(0)), rowIds("#review tbody tr"));

    clickAndWait(By.cssSelector("#review tbody tr:first-child a"));
    assertEquals("Deadlock", browser.findElement(By.tagName("h1")).getText());
    assertFalse(browser.findElements(By.cssSelector("details.bucket")).isEmpty(), "goroutine buckets shown");
    assertFalse(browser.findElements(By.cssSelector("#history svg polyline")).isEmpty(), "metrics charted");
    assertFalse(browser.findElements(By.cssSelector("#playbook li")).isEmpty(), "playbook shown");

    clickAndWait(By.id("login-to-label"));
    browser.findElement(By.id("name")).sendKeys("alice");
    browser.findElement(By.id("secret")).sendKeys(HttpApiITCase.ALICE_TOKEN);
    clickAndWait(By.id("login"));
    assertEquals("/incidents/" + id(1), path());

    new Select(browser.findElement(By.id("root-cause"))).selectByValue("lock_contention");
    browser.findElement(By.id("comment")).sendKeys("one lock held across a network call");
    clickAndWait(By.id("save-label"));
    assertEquals("Label saved: lock_contention", browser.findElement(By.id("flash")).getText());
    assertTrue(browser.findElement(By.cssSelector(".label-history")).getText()
        .contains("lock_contention by alice"));

    open("/review");
    assertEquals(List.of(id(2), id(0)), rowIds("#review tbody tr"));

    open("/incidents/" + id(2));
    // The model's top cause is preselected: confirming is one click.
    assertEquals("concurrent_map_access",
        new Select(browser.findElement(By.id("root-cause"))).getFirstSelectedOption().getAttribute("value"));
    clickAndWait(By.id("save-label"));
    assertEquals("Label saved: concurrent_map_access", browser.findElement(By.id("flash")).getText());

    open("/model");
    assertEquals("Operators confirmed the model's top cause in 1 of 2 labels (50%).",
        browser.findElement(By.id("agreement-total")).getText());
    assertFalse(browser.findElement(By.id("live-model")).getText().isBlank());
    assertFalse(browser.findElements(By.cssSelector("table.confusion td.hit")).isEmpty(), "confusion matrix shown");
  }

  @Test
  void crash_text_holding_html_is_shown_as_text_and_never_runs() {
    ObjectNode hostile = incidents.get(0).deepCopy();
    ((ObjectNode) hostile.get("crash")).put("message", XSS_MESSAGE);
    ((ObjectNode) hostile.get("buckets").get(0)).put("function", XSS_FUNCTION);
    ((ObjectNode) hostile.get("explanation").get(0)).put("sentence", "<b>bold</b> claim");
    store.upsertIncident(LabIncidentDocuments.stored(hostile));

    open("/incidents/" + id(0));
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    WebElement message = browser.findElement(By.id("crash-message"));
    assertEquals(XSS_MESSAGE, message.getText());
    assertTrue(message.findElements(By.tagName("script")).isEmpty());
    assertTrue(message.findElements(By.tagName("img")).isEmpty());
    assertEquals(XSS_FUNCTION, browser.findElement(By.cssSelector("details.bucket code.function")).getText());
    assertEquals("<b>bold</b> claim", browser.findElement(By.cssSelector("#explanation li")).getText());
    assertTrue(browser.findElements(By.cssSelector("#explanation b")).isEmpty());
  }

  @Test
  void a_label_form_posted_without_its_csrf_token_is_refused() {
    open("/login?next=/incidents/" + id(0));
    browser.findElement(By.id("name")).sendKeys("alice");
    browser.findElement(By.id("secret")).sendKeys(HttpApiITCase.ALICE_TOKEN);
    clickAndWait(By.id("login"));
    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
        "document.querySelector('#label-form input[name=csrf]').value = 'forged'");
    clickAndWait(By.id("save-label"));
    assertEquals("403 forbidden", browser.findElement(By.tagName("h1")).getText());
    assertTrue(store.labels(id(0)).isEmpty());
  }

  @Test
  void a_wrong_secret_does_not_log_in() {
    open("/login");
    browser.findElement(By.id("name")).sendKeys("alice");
    browser.findElement(By.id("secret")).sendKeys("not-the-secret-at-all");
    clickAndWait(By.id("login"));
    assertEquals("Unknown name or secret.", browser.findElement(By.id("login-error")).getText());
    open("/incidents/" + id(0));
    assertFalse(browser.findElements(By.id("login-to-label")).isEmpty(), "still not logged in");
  }

  @Test
  void the_incident_list_filters_by_service_and_expands_buckets() {
    open("/incidents");
    assertEquals(List.of(id(2), id(1), id(0)), rowIds("#incidents tbody tr"));
    browser.findElement(By.name("service")).sendKeys("ledger");
    clickAndWait(By.cssSelector("form.filters button"));
    assertEquals(List.of(id(1)), rowIds("#incidents tbody tr"));

    open("/incidents/" + id(1));
    List<WebElement> buckets = browser.findElements(By.cssSelector("details.bucket"));
    browser.findElement(By.id("expand-all")).click();
    assertTrue(buckets.stream().allMatch(b -> b.getAttribute("open") != null), "all buckets open");
    browser.findElement(By.id("collapse-all")).click();
    assertTrue(buckets.stream().noneMatch(b -> b.getAttribute("open") != null), "all buckets closed");
  }

  /** Clicks what navigates, and returns once the next page replaced this one (a click does not wait for it). */
  private void clickAndWait(By target) {
    WebElement page = browser.findElement(By.tagName("html"));
    browser.findElement(target).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(page));
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + server.port() + path);
  }

  private String path() {
    return java.net.URI.create(browser.getCurrentUrl()).getPath();
  }

  private List<String> rowIds(String selector) {
    return browser.findElements(By.cssSelector(selector)).stream().map(r -> r.getAttribute("data-id")).toList();
  }

  private static String id(int i) {
    return incidents.get(i).get("id").asText();
  }
}
