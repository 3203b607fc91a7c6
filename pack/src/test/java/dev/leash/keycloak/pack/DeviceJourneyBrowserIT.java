package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AccessibilityCheck;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.HeadlessChromium;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.Localhost;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.ScreenshotOnFailure;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole device journey of the demo realm in headless Chromium with the {@code leash} theme:
 * code entry, sign-in with password and one-time code, the approval screen, and every outcome page.
 * Each page is screenshotted ({@code ./leash screenshots} copies them to docs/screenshots/) and
 * checked with axe-core: no serious or critical accessibility violations.
 */
@LeashKeycloakTest
@Tag("browser") // ./leash screenshots runs these
class DeviceJourneyBrowserIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final String MARKUP_NAME = "<script>alert('agent')</script>deploy-bot";
  private static final By CODE_FIELD = By.id("device_user_code");
  private static final By APPROVAL_FORM = By.id("leash-approval-form");
  private static final By OUTCOME = By.id("leash-outcome");

  private static TestUser approver;
  private static TestUser outsider;

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.withoutRequestLimits(json);
            RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
            approver =
                RealmJson.addTotpUser(json, "dj-approver", "approver-pass", "KRSXG5CTMVRXEZLU");
            outsider =
                RealmJson.addTotpUser(json, "dj-outsider", "outsider-pass", "MFRGGZDFMZTWQ2LK");
            JsonNode users = json.path("users");
            ((ObjectNode) users.get(users.size() - 1)).remove("groups");
          });

  private static AccessibilityCheck accessibility;
  private static String devicePage;

  private HeadlessChromium chromium;

  @RegisterExtension final ScreenshotOnFailure failures = new ScreenshotOnFailure(() -> chromium);

  @BeforeAll
  static void locate(KeycloakServer server) {
    accessibility = AccessibilityCheck.load();
    devicePage = Localhost.of(server.realmUri(DemoRealm.NAME)) + "/device";
  }

  @BeforeEach
  void startChromium() {
    chromium = HeadlessChromium.start();
  }

  @AfterEach
  void closeChromium() {
    if (chromium != null) { // it did not start
      chromium.close();
    }
  }

  @Test
  void aPersonApprovesAnAgentFromCodeEntryToTheApprovedPage() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization =
        agent.authorize(
            Map.of(
                "scope", "openid agent:read",
                "agent_name", MARKUP_NAME,
                "agent_instance", "ci-runner-7",
                "purpose", "Deploy build 42 to staging",
                "command", "kubectl apply -f deploy.yaml"));
    assertEquals(200, authorization.status(), authorization::toString);

    chromium.open(devicePage);
    chromium.visible(CODE_FIELD);
    checkPage("device-code-entry");
    String typed = authorization.userCode().replace("-", "").toLowerCase(Locale.ROOT);
    chromium.fill(CODE_FIELD, typed);
    submit(By.id("kc-login"));
    signIn(approver);

    WebElement name = chromium.visible(By.id("leash-claimed-agent_name"));
    assertEquals(MARKUP_NAME, name.getText(), "device markup shows as text");
    assertNoAlert();
    assertEquals("127.0.0.1", chromium.visible(By.id("leash-source-ip")).getText());
    assertTrue(chromium.text().contains("Deploy build 42 to staging"), chromium::text);
    assertTrue(chromium.text().contains("Read on your behalf"), chromium::text);
    chromium.await(
        ExpectedConditions.textMatches(
            By.cssSelector("#leash-time-left .leash-countdown"),
            java.util.regex.Pattern.compile("\\d+:\\d\\d")));
    checkPage("device-approval-screen");

    submit(By.cssSelector("#leash-approval-form button[value=approve]"));
    submit(By.name("accept"));
    assertEquals("approved", outcome());
    checkPage("device-approved");
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }

  @Test
  void theApprovalScreenFollowsDarkMode() {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    chromium
        .driver()
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    chromium.open(Localhost.of(authorization.verificationUriComplete()));
    signIn(approver);
    chromium.visible(APPROVAL_FORM);
    assertTrue(
        (Boolean)
            chromium
                .driver()
                .executeScript(
                    "return document.documentElement.classList.contains('pf-v5-theme-dark')"),
        "keycloak.v2's dark mode is on");
    checkPage("device-approval-screen-dark");
  }

  @Test
  void denyingShowsTheDeniedPage() {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    chromium.open(Localhost.of(authorization.verificationUriComplete()));
    signIn(approver);
    submit(By.cssSelector("#leash-approval-form button[value=deny]"));
    assertEquals("denied", outcome());
    checkPage("device-denied");
  }

  @Test
  void someoneOutsideTheApproversSeesTheNotAllowedPage() {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    chromium.open(Localhost.of(authorization.verificationUriComplete()));
    signIn(outsider);
    assertEquals("not-allowed", outcome());
    checkPage("device-not-allowed");
  }

  @Test
  void anExpiredRequestAndTooManyWrongCodesHaveTheirOwnPages() {
    chromium.open(devicePage + "/status?error=expired_token");
    assertEquals("expired", outcome());
    checkPage("device-expired");

    // Five wrong codes per browser are allowed; the sixth gets the page.
    for (int attempt = 0; attempt < 6; attempt++) {
      chromium.open(devicePage);
      chromium.fill(CODE_FIELD, "BCDFG-HJKL" + "BCDFGH".charAt(attempt));
      submit(By.id("kc-login"));
    }
    assertEquals("too-many-attempts", outcome());
    checkPage("device-too-many-attempts");
  }

  /** Signs in with password, then the one-time code the demo flow asks for. */
  private void signIn(TestUser person) {
    chromium.fill(By.id("username"), person.username());
    chromium.fill(By.id("password"), person.password());
    submit(By.id("kc-login"));
    chromium.fill(By.id("otp"), person.authenticator().nextCode());
    submit(By.id("kc-login"));
  }

  private void submit(By button) {
    WebElement element = chromium.visible(button);
    chromium.click(button);
    chromium.await(ExpectedConditions.stalenessOf(element));
  }

  private String outcome() {
    return chromium.visible(OUTCOME).getAttribute("data-outcome");
  }

  /** Screenshots the page and fails on serious or critical accessibility violations. */
  private void checkPage(String name) {
    chromium.screenshot(name);
    List<String> violations = accessibility.seriousViolations(chromium);
    assertEquals(List.of(), violations, name + " has accessibility violations");
  }

  private void assertNoAlert() {
    try {
      chromium.driver().switchTo().alert();
      throw new AssertionError("the device's script ran");
    } catch (NoAlertPresentException expected) {
      // The script in agent_name was shown, not run.
    }
  }
}
