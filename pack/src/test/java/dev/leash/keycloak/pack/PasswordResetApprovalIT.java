package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.MailReceiver;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person who forgets their password while approving a device code signs in through Keycloak's
 * password reset: the mail's link, a new password. Keycloak 26.7.3 ends that sign-in outside the
 * agent's browser flow, as it does a sign-in through an identity provider, so Leash's approval
 * screen never ran; the token endpoint must refuse the code all the same.
 */
@LeashKeycloakTest
class PasswordResetApprovalIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final MailReceiver MAIL = MailReceiver.listening();
  private static final TestUser FORGETFUL = TestUser.withPassword("pr-forgetful", "old-pass-1");

  /** Keycloak's reset link in the mail, in its text part (quoted-printable) or its HTML part. */
  private static final Pattern RESET_LINK =
      Pattern.compile(
          "http://127\\.0\\.0\\.1:\\d+/realms/[^/\\s]+/login-actions/action-token\\?[^\\s\"<>]+");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, FORGETFUL);
            json.put("resetPasswordAllowed", true);
            json.putObject("smtpServer")
                .put("host", "127.0.0.1")
                .put("port", Integer.toString(MAIL.port()))
                .put("from", "keycloak@example.test");
          });

  @AfterAll
  static void stopTheMailReceiver() throws Exception {
    MAIL.close();
  }

  @Test
  void anApprovalSignedInThroughAPasswordResetGetsNoTokens() throws Exception {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);

    Browser browser = new Browser();
    Page login = browser.open(authorization.verificationUriComplete());
    if (login.asksForUserCode()) {
      login = login.enterUserCode(authorization.userCode());
    }
    assertTrue(login.has("#kc-form-login"), login::toString);
    Page reset =
        browser.open(login.document().selectFirst("a[href*=reset-credentials]").absUrl("href"));
    Page sent =
        reset
            .form("#kc-reset-password-form")
            .orElseThrow(() -> new AssertionError(reset.toString()))
            .set("username", FORGETFUL.username())
            .submit();
    String mail = MAIL.awaitMessage(TIMEOUT).replace("=\n", "").replace("=3D", "=");
    Matcher link = RESET_LINK.matcher(mail);
    assertTrue(link.find(), mail);
    Page update = browser.open(link.group().replace("&amp;", "&"));
    Page after =
        update
            .form("#kc-passwd-update-form")
            .orElseThrow(() -> new AssertionError(update.toString()))
            .set("password-new", "new-pass-2")
            .set("password-confirm", "new-pass-2")
            .submit();
    // Keycloak's consent page follows the new password: Leash's approval screen was skipped.
    assertTrue(after.has("[name=accept]"), after::toString);
    Page done = after.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertTrue(sent.status() < 400, sent::toString);

    OAuthResponse answer = agent.pollUntilSettled(authorization, TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertEquals(
        "This agent's approvers are checked on Leash's approval screen, and this approval did not"
            + " pass it",
        answer.errorDescription());
  }
}
