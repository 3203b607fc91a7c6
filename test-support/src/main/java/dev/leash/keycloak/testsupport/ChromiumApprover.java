package dev.leash.keycloak.testsupport;

import java.net.URI;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person approving device codes in a real browser, for the steps plain HTTP cannot take (WebAuthn
 * runs in the page's JavaScript). Each step waits until the page it submitted has been left; the
 * test then waits for the page it expects, so it can take screenshots on the way.
 */
public final class ChromiumApprover {

  /** The button of Keycloak's WebAuthn sign-in page ({@code webauthn-authenticate.ftl}). */
  public static final By WEBAUTHN_BUTTON = By.id("authenticateWebAuthnButton");

  /** Keycloak's page after a failed WebAuthn ceremony ({@code webauthn-error.ftl}). */
  public static final By WEBAUTHN_ERROR = By.id("kc-error-credential-form");

  /** Leash's approval screen ({@code leash-device-approval.ftl}). */
  public static final By APPROVAL_FORM = By.id("leash-approval-form");

  private static final By REGISTER_WEBAUTHN_BUTTON = By.id("registerWebAuthn");
  private static final By APPROVE_BUTTON = By.cssSelector("#leash-approval-form [value=approve]");
  private static final By CONSENT_ACCEPT_BUTTON = By.cssSelector("[name=accept]");

  private final HeadlessChromium chromium;
  private final TestUser user;

  public ChromiumApprover(HeadlessChromium chromium, TestUser user) {
    this.chromium = chromium;
    this.user = user;
  }

  /**
   * Signs in to the realm's account console, where Keycloak asks the user (required action {@code
   * webauthn-register}) to register a passkey, which the browser's authenticator creates; then
   * forgets the browser's cookies, so the next sign-in asks for the password again.
   */
  public void registerWebAuthnKey(URI realmUri) {
    chromium.open(Localhost.of(realmUri) + "/account");
    submitPassword();
    WebElement register = chromium.visible(REGISTER_WEBAUTHN_BUTTON);
    chromium.click(REGISTER_WEBAUTHN_BUTTON);
    // Once the key exists, Keycloak's page asks for its label in a JavaScript prompt.
    Alert labelPrompt = chromium.await(ExpectedConditions.alertIsPresent());
    labelPrompt.sendKeys("Leash test key");
    labelPrompt.accept();
    chromium.await(ExpectedConditions.stalenessOf(register));
    // Leave the account console before forgetting the cookies: a single-page app still loading
    // would otherwise notice the lost session and navigate away from the next page.
    chromium.open("about:blank");
    chromium.forgetCookies();
  }

  /** Opens the device's verification link and signs in with the user's password. */
  public void signIn(OAuthResponse deviceAuthorization) {
    chromium.open(Localhost.of(deviceAuthorization.verificationUriComplete()));
    submitPassword();
  }

  /** Answers Keycloak's WebAuthn step: the browser's authenticator signs the challenge. */
  public void stepUpWithWebAuthn() {
    submitWith(WEBAUTHN_BUTTON);
  }

  /** Approves on Leash's approval screen, then accepts Keycloak's consent screen. */
  public void approve() {
    submitWith(APPROVE_BUTTON);
    submitWith(CONSENT_ACCEPT_BUTTON);
  }

  private void submitPassword() {
    chromium.fill(By.id("username"), user.username());
    chromium.fill(By.id("password"), user.password());
    submitWith(By.id("kc-login"));
  }

  /** Clicks and waits until the page has been left (the clicked element is gone). */
  private void submitWith(By locator) {
    WebElement element = chromium.visible(locator);
    chromium.click(locator);
    chromium.await(ExpectedConditions.stalenessOf(element));
  }
}
