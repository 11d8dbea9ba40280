package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver): open the token
 * link, ask, watch the answer stream in, approve a diff, and find the file changed on disk. Screenshots
 * land in {@code target/web-page-*.png}.
 */
class WebPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";

  private static final int TOKENS_IN = 1234;
  private static final int TOKENS_OUT = 56;
  private static final String[] COUNTS = {"input", "cache_write", "cache_read", "output"};

  private static ServerFixture fixture;
  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI must run the browser test: install Debian's chromium and chromium-driver (.ci/run does)");
    }
    assumeTrue(installed, "chromium and chromedriver are not installed; the web page test is skipped");
    fixture = ServerFixture.withAnthropic(WebPageTest::script);
    profile = Files.createTempDirectory("chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static FakeResponse script(RecordedRequest request) {
    String task = ServerFixture.task(request);
    if (task.contains("greeting")) {
      if (!ServerFixture.hasToolResult(request)) {
        return ServerFixture.editThenAnswer(request);
      }
      return FakeResponse.message().text("Done: the greeting now says hello from the server. "
          + "Run cargo run to see it.").chunkSize(5).build();
    }
    if (task.contains("cost")) {
      return FakeResponse.message().text("Each answer shows what it cost.").usage(TOKENS_IN, TOKENS_OUT).chunkSize(6)
          .build();
    }
    if (task.contains("markup")) {
      return FakeResponse.message().text("Here is some markup: " + HOSTILE).chunkSize(7).build();
    }
    return FakeResponse.message().text("Ownership means each value has exactly one owner; when the owner goes "
        + "out of scope the value is dropped.").chunkSize(6).build();
  }

  @Test
  void askApproveTheDiffAndTheFileChangesOnDisk() throws Exception {
    browser.get(fixture.server.link().toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");

    ask(wait, "What is ownership?");
    wait.until(d -> lastAgentStatus(d).contains("completed"));
    assertThat(lastAgentText()).isEqualTo("Ownership means each value has exactly one owner; when the owner goes "
        + "out of scope the value is dropped.");

    ask(wait, "Please change the greeting");
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approval")));
    assertThat(browser.findElement(By.id("approval-tool")).getText()).isEqualTo("edit_file");
    assertThat(browser.findElement(By.id("approval-diff")).getText())
        .contains("-    println!(\"Hello, world!\");").contains("+    println!(\"Hello from the server!\");");
    screenshot("approval");
    assertThat(fixture.mainRs()).contains("Hello, world!");

    dialog.findElement(By.id("approval-allow")).click();

    wait.until(d -> lastAgentStatus(d).contains("completed"));
    assertThat(lastAgentText()).isEqualTo("I will change the greeting."
        + "Done: the greeting now says hello from the server. Run cargo run to see it.");
    assertThat(fixture.mainRs()).contains("Hello from the server!");
    wait.until(d -> !d.findElements(By.cssSelector("#metrics tbody td")).isEmpty()
        && d.findElement(By.cssSelector("#metrics tbody")).getText().contains("query"));
    screenshot("chat");
  }

  @Test
  void theAnswerAndTheMetricsPanelShowTheTokensAndCostOfTheRuns() throws Exception {
    browser.get(fixture.server.link().toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));
    JsonNode before = fixture.api.get("/api/v1/metrics").json().path("tokens");

    ask(wait, "What did this answer cost?");
    wait.until(d -> lastAgentStatus(d).contains("completed"));
    JsonNode after = fixture.api.get("/api/v1/metrics").json().path("tokens");

    WebElement answer = lastAgent();
    assertThat(after.path("output").asLong() - before.path("output").asLong()).isEqualTo(TOKENS_OUT);
    for (String count : COUNTS) {
      assertThat(figure(answer, count)).as(count)
          .isEqualTo(Long.toString(after.path(count).asLong() - before.path(count).asLong()));
    }
    assertThat(Long.parseLong(figure(answer, "input")) + Long.parseLong(figure(answer, "cache_write"))
        + Long.parseLong(figure(answer, "cache_read"))).isEqualTo(TOKENS_IN);
    assertThat(Double.parseDouble(figure(answer, "estimated_cost"))).isPositive().isCloseTo(
        after.path("estimated_cost").asDouble() - before.path("estimated_cost").asDouble(), within(1e-9));
    assertThat(answer.findElement(By.cssSelector(".tokens")).getText()).contains("out " + TOKENS_OUT)
        .contains("in " + String.format(java.util.Locale.US, "%,d", Long.parseLong(figure(answer, "input"))));

    WebElement totals = browser.findElement(By.id("token-totals"));
    wait.until(d -> figure(totals, "output").equals(after.path("output").asText()));
    for (String count : COUNTS) {
      assertThat(figure(totals, count)).as(count).isEqualTo(after.path(count).asText());
    }
    assertThat(figure(totals, "model_calls")).isEqualTo(after.path("model_calls").asText());
    assertThat(Double.parseDouble(figure(totals, "estimated_cost")))
        .isCloseTo(after.path("estimated_cost").asDouble(), within(1e-12));
    assertThat(Double.parseDouble(figure(totals, "cache_read_share")))
        .isCloseTo(after.path("cache_read_share").asDouble(), within(1e-12));
    screenshot("tokens");
  }

  /** The raw value of the figure {@code key} shown under {@code scope}. */
  private static String figure(org.openqa.selenium.SearchContext scope, String key) {
    return scope.findElement(By.cssSelector("[data-figure='" + key + "']")).getAttribute("data-value");
  }

  @Test
  void markupFromTheModelIsShownAsTextAndNeverRuns() throws Exception {
    browser.get(fixture.server.link().toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));

    ask(wait, "Show me some markup");
    wait.until(d -> lastAgentStatus(d).contains("completed"));

    assertThat(lastAgentText()).isEqualTo("Here is some markup: " + HOSTILE);
    assertThat(browser.findElements(By.cssSelector(".messages img, .messages script"))).isEmpty();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
  }

  @Test
  void aHelperSpawnedFromThePageShowsItsStatus() {
    browser.get(fixture.server.link().toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));

    browser.findElement(By.id("spawn-task")).sendKeys("Explain ownership to a helper");
    browser.findElement(By.cssSelector("#spawn-form button")).click();

    wait.until(d -> d.findElement(By.id("helpers")).getText().contains("Explain ownership to a helper")
        && d.findElement(By.id("helpers")).getText().contains("completed"));
  }

  private static void ask(WebDriverWait wait, String question) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("send")));
    WebElement prompt = browser.findElement(By.id("prompt"));
    prompt.sendKeys(question);
    browser.findElement(By.id("send")).click();
  }

  private static String lastAgentStatus(WebDriver d) {
    var footers = d.findElements(By.cssSelector(".msg.agent .footer"));
    return footers.isEmpty() ? "" : footers.get(footers.size() - 1).getText();
  }

  private static WebElement lastAgent() {
    var bubbles = browser.findElements(By.cssSelector(".msg.agent"));
    return bubbles.get(bubbles.size() - 1);
  }

  /** The model's text in the latest answer, its segments joined. */
  private static String lastAgentText() {
    var bubbles = browser.findElements(By.cssSelector(".msg.agent"));
    return bubbles.get(bubbles.size() - 1).findElements(By.cssSelector(".text")).stream().map(WebElement::getText)
        .reduce("", String::concat);
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "web-page-" + name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
