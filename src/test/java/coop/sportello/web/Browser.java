package coop.sportello.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * One headless Debian chromium, driven through Debian's chromedriver, with what every browser
 * test needs: waiting for the page, the axe-core accessibility check (WCAG 2.1 A and AA; serious
 * and critical violations fail the test) and screenshots for the README.
 */
public final class Browser implements AutoCloseable {

  private static final Path AXE = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");
  private static final Path SCREENSHOTS = Path.of("docs/screenshots");

  private final ChromeDriver driver;
  private final String base;

  /**
   * Chromium processes a finished test gave back, cleaned ({@link #close}): starting one takes a
   * second and a half, seventy-odd times a run. Quit when the test JVM ends.
   */
  private static final Deque<ChromeDriver> IDLE = new ArrayDeque<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (IDLE) {
        IDLE.forEach(Browser::quietlyQuit);
        IDLE.clear();
      }
    }));
  }

  public Browser(int port) {
    ChromeDriver idle;
    synchronized (IDLE) {
      idle = IDLE.pollFirst();
    }
    this.driver = idle != null ? idle : start();
    this.base = "http://127.0.0.1:" + port;
  }

  private static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("sportello.chromium", "/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,900", "--lang=it-IT",
        // Bootstrap Italia scrolls smoothly unless asked for less motion; a click lands before a
        // smooth scroll ends, so the tests ask for less motion, as some people do.
        "--force-prefers-reduced-motion", "--autoplay-policy=no-user-gesture-required",
        "--user-data-dir=" + tempDir());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(System.getProperty("sportello.chromedriver", "/usr/bin/chromedriver")))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static String tempDir() {
    try {
      return Files.createTempDirectory("sportello-chromium").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files the page downloads are saved in this folder (the test then opens them). */
  public void saveDownloadsIn(java.nio.file.Path folder) {
    driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow", "downloadPath", folder.toString()));
  }

  /** Takes the page's network away (true) or gives it back, as a phone losing and finding its signal. */
  public void offline(boolean offline) {
    driver.executeCdpCommand("Network.enable", java.util.Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions",
        java.util.Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  public WebDriver driver() {
    return driver;
  }

  public Browser open(String path) {
    driver.get(base + path);
    return this;
  }

  public WebElement find(String css) {
    return waitUntil(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }, "an element " + css);
  }

  /** Clicks {@code css} as a person would: scrolled into the middle of the window first, clear of sticky bars. */
  public void click(String css) {
    WebElement target = find(css);
    script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", target);
    try {
      target.click();
    } catch (org.openqa.selenium.ElementClickInterceptedException e) {
      Object over = script("const r = arguments[0].getBoundingClientRect();"
          + "const o = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
          + "return o ? o.outerHTML.slice(0, 300) + ' at y=' + r.y + ' of ' + innerHeight + ', scrollY=' + scrollY : 'nothing';", target);
      throw new AssertionError("clicking " + css + " reached " + over, e);
    }
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (up to 15 s) until {@code condition} gives something other than null or false. */
  public <T> T waitUntil(Function<WebDriver, T> condition, String what) {
    try {
      // A screen that redraws a list between finding an element and asking about it leaves a stale
      // reference: that is "not yet", so the wait asks again.
      return new WebDriverWait(driver, Duration.ofSeconds(15))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("waited 15 s for " + what + "; page: " + driver.getCurrentUrl() + "\n"
          + driver.findElement(By.tagName("body")).getText(), e);
    }
  }

  public void waitForText(String css, String text) {
    waitUntil(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return !found.isEmpty() && found.get(0).getText().contains(text);
    }, "\"" + text + "\" in " + css);
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /**
   * Runs axe-core on the page as it is now and fails on any serious or critical violation of
   * WCAG 2.1 A/AA, naming each rule and the elements that break it.
   */
  public void assertAccessible(String state) {
    // axe-core is 650 kB: sending and parsing it takes longer than a run, so a page gets it once.
    if (!Boolean.TRUE.equals(script("return typeof window.axe !== 'undefined'"))) {
      ((JavascriptExecutor) driver).executeScript(axeSource());
    }
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
            + ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
    JsonArray violations = new JsonArray(String.valueOf(result));
    List<String> serious = new ArrayList<>();
    for (Object o : violations) {
      JsonObject v = (JsonObject) o;
      String impact = v.getString("impact", "");
      if ("serious".equals(impact) || "critical".equals(impact)) {
        List<String> targets = new ArrayList<>();
        v.getJsonArray("nodes", new JsonArray()).forEach(n -> targets.add(String.valueOf(((JsonObject) n).getValue("target"))));
        serious.add(v.getString("id") + " (" + impact + "): " + v.getString("help") + " at " + targets);
      }
    }
    if (!serious.isEmpty()) {
      throw new AssertionError("accessibility violations in " + state + ":\n" + String.join("\n", serious));
    }
  }

  private static String axeSource;

  /** axe-core's script, read once per test JVM. */
  private static synchronized String axeSource() {
    if (axeSource == null) {
      try {
        axeSource = Files.readString(AXE);
      } catch (IOException e) {
        throw new AssertionError("axe-core is missing: run npm ci in src/test/browser (mvn does it in generate-test-resources)", e);
      }
    }
    return axeSource;
  }

  /** The screens Sportello is used on, as the browser tests size them. */
  public enum Viewport {
    DESKTOP(1280, 900, false), PHONE(390, 844, true), KIOSK_PORTRAIT(1080, 1920, false),
    KIOSK_LANDSCAPE(1920, 1080, false), WALL(1920, 1080, false);

    final int width;
    final int height;
    final boolean mobile;

    Viewport(int width, int height, boolean mobile) {
      this.width = width;
      this.height = height;
      this.mobile = mobile;
    }
  }

  /** Lays the page out as on {@code viewport} (a phone also gets a phone's viewport rules). */
  public Browser viewport(Viewport viewport) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
        "width", viewport.width, "height", viewport.height, "deviceScaleFactor", 1, "mobile", viewport.mobile));
    return this;
  }

  /**
   * Fails when the page is wider than the window (it would scroll sideways), naming the elements
   * that stick out on the right.
   */
  public void assertNoSideScroll(String state) {
    Object result = script("const w = document.documentElement.clientWidth;"
        + "if (document.documentElement.scrollWidth <= w + 1) return '';"
        + "const out = [];"
        + "for (const e of document.querySelectorAll('body *')) {"
        + "  const r = e.getBoundingClientRect();"
        + "  if (r.width > 0 && r.right > w + 1 && getComputedStyle(e).visibility !== 'hidden') {"
        + "    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(r.right));"
        + "    if (out.length >= 12) break; } }"
        + "return 'page is ' + document.documentElement.scrollWidth + ' px wide in a ' + w + ' px window: ' + out.join(', ');");
    if (!String.valueOf(result).isEmpty()) {
      throw new AssertionError("sideways scrolling in " + state + ": " + result);
    }
  }

  /** The checks every screen state passes: axe-core (serious and critical) and no sideways scrolling. */
  public void assertUsable(String state) {
    assertAccessible(state);
    assertNoSideScroll(state);
  }

  /** Saves what the page shows now as docs/screenshots/{name}.png (README shows them). */
  public void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gives the browser back as a new one would be: one new tab (a tab's session storage, where the
   * pages keep the sign-in, goes with it; so do its screen and network emulation), no cookies,
   * no cache, nothing stored for the page's origin (offline queues), downloads as by default. One
   * that cannot be cleaned (an alert left open) is quit instead.
   */
  @Override
  public void close() {
    try {
      java.util.Set<String> used = driver.getWindowHandles();
      driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
      String fresh = driver.getWindowHandle();
      for (String window : used) {
        driver.switchTo().window(window).close();
      }
      driver.switchTo().window(fresh);
      driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
      driver.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
      driver.executeCdpCommand("Storage.clearDataForOrigin", java.util.Map.of("origin", base, "storageTypes", "all"));
      driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "default"));
    } catch (RuntimeException e) {
      quietlyQuit(driver);
      return;
    }
    synchronized (IDLE) {
      IDLE.push(driver);
    }
  }

  private static void quietlyQuit(ChromeDriver driver) {
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // the process is going away either way
    }
  }
}
