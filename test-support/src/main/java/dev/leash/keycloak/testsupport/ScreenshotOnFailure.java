package dev.leash.keycloak.testsupport;

import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Saves what Chromium showed when a test failed, as {@code failed-<class>-<test>.png} beside the
 * other screenshots, so a failure on a CI machine can be seen and not only read:
 *
 * <pre>{@code
 * @RegisterExtension final ScreenshotOnFailure failures = new ScreenshotOnFailure(() -> chromium);
 * }</pre>
 *
 * It runs right after the test method, before {@code @AfterEach} methods that may close the
 * browser.
 */
public final class ScreenshotOnFailure implements AfterTestExecutionCallback {

  private static final Logger LOG = Logger.getLogger(ScreenshotOnFailure.class);

  private final Supplier<HeadlessChromium> chromium;

  public ScreenshotOnFailure(Supplier<HeadlessChromium> chromium) {
    this.chromium = chromium;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    HeadlessChromium browser = chromium.get();
    if (context.getExecutionException().isEmpty() || browser == null) {
      return;
    }
    String name =
        "failed-"
            + context.getRequiredTestClass().getSimpleName()
            + "-"
            + context.getRequiredTestMethod().getName();
    try {
      LOG.infof("Screenshot of the failed test: %s", browser.screenshot(name));
    } catch (RuntimeException e) {
      LOG.warnf("No screenshot of the failed test %s: %s", name, e);
    }
  }
}
