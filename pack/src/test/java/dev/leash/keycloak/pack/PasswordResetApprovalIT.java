package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.ApprovalFlowEditor;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.MailReceiver;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person who forgets their password while approving a device code signs in through Keycloak's
 * password reset: "Forgot password?", the mail's link, a new password. Keycloak 26.7.3 runs the
 * realm's reset credentials flow for that, not the agent's browser flow, so Leash's approval screen
 * is skipped unless the reset flow holds it too.
 */
@LeashKeycloakTest
class PasswordResetApprovalIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final MailReceiver MAIL = MailReceiver.listening();
  private static final TestUser FORGETFUL = TestUser.withPassword("pr-forgetful", "old-pass-1");

  /** A copy of Keycloak's reset credentials flow that ends with Leash's approval screen. */
  private static final String RESET_WITH_SCREEN = "leash reset credentials";

  /** The same with a one-time code and Leash step-up before the screen. */
  private static final String RESET_WITH_STEP_UP = "leash reset credentials step-up";

  /** An approver with an authenticator app, for the reset flow's one-time code. */
  private static TestUser withAuthenticator;

  /** Keycloak's reset link in the mail, in its text part (quoted-printable) or its HTML part. */
  private static final Pattern RESET_LINK =
      Pattern.compile(
          "http://127\\.0\\.0\\.1:\\d+/realms/[^/\\s]+/login-actions/action-token\\?[^\\s\"<>]+");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
            RealmJson.withoutRequestLimits(json);
            RealmJson.withStepUpSwitchedOff(json);
            RealmJson.addPasswordUser(json, FORGETFUL);
            withAuthenticator =
                RealmJson.addTotpUser(json, "pr-stepper", "stepper-pass", "JBSWY3DPEHPK3PXQ");
            json.put("resetPasswordAllowed", true);
            json.putObject("smtpServer")
                .put("host", "127.0.0.1")
                .put("port", Integer.toString(MAIL.port()))
                .put("from", "keycloak@example.test");
            addResetFlow(json, RESET_WITH_SCREEN, "leash-device-approval");
            addResetFlow(
                json,
                RESET_WITH_STEP_UP,
                "auth-otp-form",
                "leash-step-up",
                "leash-device-approval");
          });

  private static AdminClient admin;
  private static ApprovalFlowEditor approvalFlow;

  @BeforeAll
  static void connect(KeycloakServer server) {
    admin = server.admin();
    approvalFlow = new ApprovalFlowEditor(server, DemoRealm.NAME);
  }

  @AfterAll
  static void stopTheMailReceiver() throws Exception {
    MAIL.close();
  }

  @Test
  void anApprovalSignedInThroughAPasswordResetGetsNoTokens() throws Exception {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    Page afterLink = resetPasswordDuringApproval(authorization, FORGETFUL);

    // Keycloak's consent page follows the new password: Leash's approval screen was skipped.
    Page consent = setNewPassword(afterLink, "new-pass-2");
    assertTrue(consent.has("[name=accept]"), consent::toString);
    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse answer = agent.pollUntilSettled(authorization, TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertEquals(
        "This agent's approvers are checked on Leash's approval screen, and this approval did not"
            + " pass it",
        answer.errorDescription());
  }

  @Test
  void aResetFlowEndingWithTheApprovalScreenLetsTheApproverApprove() throws Exception {
    bindResetFlow(RESET_WITH_SCREEN);
    try {
      DeviceFlowClient agent = demo.realm().agent();
      OAuthResponse authorization = agent.authorize("openid");
      approveAndSetNewPassword(resetPasswordDuringApproval(authorization, FORGETFUL), "new-pass-3");

      OAuthResponse tokens = agent.pollUntilSettled(authorization, TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
    } finally {
      bindResetFlow("reset credentials");
    }
  }

  /**
   * An agent whose browser flow requires Leash step-up: a reset flow with the screen alone leaves
   * no second factor, and the code gets no tokens; one with a one-time code and Leash step-up
   * before the screen leaves the step-up note, and the code gets its tokens.
   */
  @Test
  void aResetFlowWithASecondFactorAndLeashStepUpSatisfiesAFlowThatRequiresStepUp()
      throws Exception {
    JsonNode before = approvalFlow.snapshot();
    try {
      approvalFlow.require(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW, "CONDITIONAL");
      approvalFlow.require(ApprovalFlowEditor.STEP_UP, "REQUIRED");
      DeviceFlowClient agent = demo.realm().agent();

      bindResetFlow(RESET_WITH_SCREEN);
      OAuthResponse withoutFactor = agent.authorize("openid");
      Page screen = resetPasswordDuringApproval(withoutFactor, FORGETFUL);
      approveAndSetNewPassword(screen, "new-pass-4");
      OAuthResponse refused = agent.pollUntilSettled(withoutFactor, TIMEOUT);
      assertEquals("invalid_grant", refused.error(), refused::toString);
      assertTrue(refused.errorDescription().contains("no second factor"), refused::toString);

      bindResetFlow(RESET_WITH_STEP_UP);
      OAuthResponse withFactor = agent.authorize("openid");
      Page oneTimeCode = resetPasswordDuringApproval(withFactor, withAuthenticator);
      Page stepScreen =
          oneTimeCode
              .form("#kc-otp-login-form")
              .orElseThrow(() -> new AssertionError(oneTimeCode.toString()))
              .set("otp", withAuthenticator.authenticator().nextCode())
              .submit();
      approveAndSetNewPassword(stepScreen, "new-pass-5");
      OAuthResponse tokens = agent.pollUntilSettled(withFactor, TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
    } finally {
      approvalFlow.restore(before);
      bindResetFlow("reset credentials");
    }
  }

  /** Approves on Leash's screen, sets the new password and accepts the consent page. */
  private static void approveAndSetNewPassword(Page screen, String password) {
    assertTrue(screen.has("#leash-approval-form"), screen::toString);
    Page passwordForm =
        screen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    Page consent = setNewPassword(passwordForm, password);
    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
  }

  /**
   * Opens the verification link, asks for a password reset from the sign-in page and opens the
   * mail's link; the page that follows.
   */
  private static Page resetPasswordDuringApproval(OAuthResponse authorization, TestUser person)
      throws InterruptedException {
    assertEquals(200, authorization.status(), authorization::toString);
    Browser browser = new Browser();
    Page login = browser.open(authorization.verificationUriComplete());
    if (login.asksForUserCode()) {
      login = login.enterUserCode(authorization.userCode());
    }
    assertTrue(login.has("#kc-form-login"), login::toString);
    Page reset =
        browser.open(login.document().selectFirst("a[href*=reset-credentials]").absUrl("href"));
    reset
        .form("#kc-reset-password-form")
        .orElseThrow(() -> new AssertionError(reset.toString()))
        .set("username", person.username())
        .submit();
    String mail = MAIL.takeMessage(TIMEOUT).replace("=\n", "").replace("=3D", "=");
    Matcher link = RESET_LINK.matcher(mail);
    assertTrue(link.find(), mail);
    return browser.open(link.group().replace("&amp;", "&"));
  }

  private static Page setNewPassword(Page form, String password) {
    return form.form("#kc-passwd-update-form")
        .orElseThrow(() -> new AssertionError(form.toString()))
        .set("password-new", password)
        .set("password-confirm", password)
        .submit();
  }

  private static void bindResetFlow(String alias) {
    HttpResponse<String> updated =
        admin.put("/admin/realms/" + DemoRealm.NAME, Map.of("resetCredentialsFlow", alias));
    assertEquals(204, updated.statusCode(), updated::body);
  }

  /**
   * Keycloak 26.7.3's reset credentials flow without its one-time-code reset, then {@code
   * extraSteps}, each required.
   */
  private static void addResetFlow(ObjectNode realm, String alias, String... extraSteps) {
    ObjectNode flow = realm.withArray("authenticationFlows").addObject();
    flow.put("alias", alias).put("providerId", "basic-flow").put("topLevel", true);
    flow.put("builtIn", false);
    ArrayNode executions = flow.putArray("authenticationExecutions");
    List<String> steps = new ArrayList<>();
    steps.addAll(
        List.of("reset-credentials-choose-user", "reset-credential-email", "reset-password"));
    steps.addAll(List.of(extraSteps));
    for (int i = 0; i < steps.size(); i++) {
      executions
          .addObject()
          .put("authenticator", steps.get(i))
          .put("requirement", "REQUIRED")
          .put("priority", 10 * (i + 1))
          .put("authenticatorFlow", false)
          .put("userSetupAllowed", false);
    }
  }
}
