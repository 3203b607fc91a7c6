package dev.leash.keycloak.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: for pages that need JavaScript
 * (WebAuthn, the admin console) and for screenshots. Both binaries are named explicitly, so
 * Selenium Manager never runs and nothing is downloaded; the flags keep Chromium off the network
 * except for the pages a test opens. Each instance has its own fresh profile, deleted on {@link
 * #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Debian package {@code chromium}. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Debian package {@code chromium-driver}. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** The window's size (the page's viewport is smaller by the browser's own bars). */
  public static final Dimension WINDOW = new Dimension(1280, 900);

  /** Generous, for a slow two-core machine running Keycloak at the same time. */
  public static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);

  private static final String SCREENSHOTS_DIR_PROPERTY = "leash.screenshots.dir";

  /**
   * Selenium warns on every start that it has no DevTools bindings for this Chromium version; these
   * helpers use only WebDriver and one raw DevTools command, which need none. Kept in a field
   * because java.util.logging holds its loggers weakly.
   */
  private static final Logger CDP_VERSION_FINDER =
      quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final Path profile;
  private final WebDriverWait wait;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, WAIT_TIMEOUT);
  }

  /** Starts a fresh headless Chromium (1280x900, English pages). */
  public static HeadlessChromium start() {
    requireExecutable(CHROMIUM, "chromium");
    requireExecutable(CHROMEDRIVER, "chromium-driver");
    Path profile = temporaryProfile();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // tests run as root in CI, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(),
        "--user-data-dir=" + profile);
    // Keycloak and the admin console pick their language from the browser's.
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      return new HeadlessChromium(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      deleteRecursively(profile);
      throw e;
    }
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  private static void requireExecutable(Path binary, String debianPackage) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing: install Debian's "
              + debianPackage
              + " package (./leash test does)");
    }
  }

  private static Path temporaryProfile() {
    try {
      return Files.createTempDirectory("leash-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The driver itself, for what these helpers do not cover. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code url} and waits until the page has loaded. */
  public HeadlessChromium open(String url) {
    driver.get(url);
    return this;
  }

  /** Waits (at most {@link #WAIT_TIMEOUT}) until {@code condition} holds, and returns its value. */
  public <T> T await(Function<WebDriver, T> condition) {
    return wait.until(condition);
  }

  /** Waits until an element matching {@code locator} is visible, and returns it. */
  public WebElement visible(By locator) {
    return await(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Waits until the element is visible and enabled, then clicks it. */
  public HeadlessChromium click(By locator) {
    await(ExpectedConditions.elementToBeClickable(locator)).click();
    return this;
  }

  /** Waits until the page's visible text contains {@code text}. */
  public HeadlessChromium awaitText(String text) {
    await(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
    return this;
  }

  /** Waits until the input is visible, clears it and types {@code text}. */
  public HeadlessChromium fill(By locator, String text) {
    WebElement input = visible(locator);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  /** Deletes every cookie of every site, ending all sessions the browser had. */
  public void forgetCookies() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /** Whether an element matching {@code locator} is on the page now (no waiting). */
  public boolean has(By locator) {
    return !driver.findElements(locator).isEmpty();
  }

  /** The visible text of the page. */
  public String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /**
   * Makes the window just tall enough that {@code scrolling}, an element that scrolls its content
   * (single-page apps scroll inside one), shows all of it: for screenshots of a whole page.
   */
  public HeadlessChromium growToShow(By scrolling) {
    driver.manage().window().setSize(WINDOW);
    growBy(hiddenHeight(visible(scrolling)));
    return this;
  }

  /**
   * Saves the whole page as {@code <name>.png} in the directory named by the system property {@code
   * leash.screenshots.dir} (the build sets it to {@code pack/target/screenshots}). A page taller
   * than the window is shot in a window grown to fit it, then the window gets its size back.
   */
  public Path screenshot(String name) {
    Path directory = Path.of(System.getProperty(SCREENSHOTS_DIR_PROPERTY, "target/screenshots"));
    Path file = directory.resolve(name + ".png");
    Dimension size = driver.manage().window().getSize();
    try {
      growBy(hiddenHeight(driver.findElement(By.tagName("html"))));
      Files.createDirectories(directory);
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(size);
    }
    return file;
  }

  /** How many CSS pixels of {@code element}'s content lie beyond its visible height. */
  private long hiddenHeight(WebElement element) {
    Object hidden =
        driver.executeScript(
            "return arguments[0].scrollHeight - arguments[0].clientHeight;", element);
    return ((Number) hidden).longValue();
  }

  private void growBy(long pixels) {
    if (pixels > 0) {
      Dimension size = driver.manage().window().getSize();
      driver
          .manage()
          .window()
          .setSize(new Dimension(size.getWidth(), size.getHeight() + (int) pixels));
    }
  }

  /** Quits Chromium and chromedriver and deletes the profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
