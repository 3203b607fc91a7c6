package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceApprover;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Step-up on the demo realm's "leash device approval" flow: every device approval needs a one-time
 * code entered in that approval, even with an SSO session, and raises {@code acr}. Each test has
 * its own user and TOTP secret, so codes never collide.
 */
@LeashKeycloakTest
class StepUpIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, TestUser> USERS = new HashMap<>();

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.withoutRequestLimits(json);
            RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
            addUser(json, "su-carol", "GEZDGNBVGY3TQOJQ");
            addUser(json, "su-dave", "MFRGGZDFMZTWQ2LK");
            addUser(json, "su-erin", "ONSWG4TFORRGK3TU");
            addUser(json, "su-frank", "KRUGS4ZAMFZGKIDB");
            TestUser passwordOnly = TestUser.withPassword("su-bob", "bob-pass");
            RealmJson.addPasswordUser(json, passwordOnly);
            USERS.put(passwordOnly.username(), passwordOnly);
          });

  private static void addUser(
      com.fasterxml.jackson.databind.node.ObjectNode json, String name, String secret) {
    USERS.put(name, RealmJson.addTotpUser(json, name, name + "-pass", secret));
  }

  private static DemoRealm realm() {
    return demo.realm();
  }

  @Test
  void approvalWithAOneTimeCodeRaisesAcr() {
    DeviceFlowClient agent = realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    Page done = realm().approverAs(USERS.get("su-carol")).approve(authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("2", Jwt.claims(tokens.accessToken()).path("acr").asText(), tokens::toString);
  }

  @Test
  void approverWithoutASecondFactorApprovesNothing() {
    DeviceFlowClient agent = realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    Page page = realm().approverAs(USERS.get("su-bob")).approve(authorization);

    assertEquals(403, page.status(), page::toString);
    assertTrue(page.text().contains("A second factor is needed"), page::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void existingSsoSessionIsStillAskedForAOneTimeCode() {
    TestUser dave = USERS.get("su-dave");
    Browser browser = new Browser();
    DeviceFlowClient agent = realm().agent();
    OAuthResponse first = agent.authorize("openid");
    assertTrue(
        new DeviceApprover(browser, dave)
            .approve(first)
            .text()
            .contains("Device Login Successful"));

    OAuthResponse second = agent.authorize("openid");
    Page page = new DeviceApprover(browser, dave).signInUntilOneTimeCode(second);
    assertTrue(page.has("#kc-otp-login-form"), "the SSO session skipped the step-up:\n" + page);
    assertFalse(page.has("#kc-form-login"), "the SSO session was not reused:\n" + page);

    Page done = new DeviceApprover(browser, dave).approve(second);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    OAuthResponse tokens = agent.pollUntilSettled(second, SETTLE_TIMEOUT);
    assertEquals("2", Jwt.claims(tokens.accessToken()).path("acr").asText());
  }

  @Test
  void wrongOneTimeCodeApprovesNothing() {
    DeviceFlowClient agent = realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    Page otp = realm().approverAs(USERS.get("su-erin")).signInUntilOneTimeCode(authorization);
    assertTrue(otp.has("#kc-otp-login-form"), otp::toString);

    Page refused = otp.form("#kc-otp-login-form").orElseThrow().set("otp", "000000").submit();

    assertTrue(refused.has("#kc-otp-login-form"), refused::toString);
    assertFalse(refused.has("#leash-approval-form"), refused::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void replayingASubmittedApprovalDoesNothing() {
    DeviceFlowClient agent = realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    Page screen = realm().approverAs(USERS.get("su-frank")).signIn(authorization);
    assertTrue(screen.has("#leash-approval-form"), screen::toString);

    Page consent = screen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    assertTrue(consent.has("[name=accept]"), consent::toString);
    Page replay = screen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    assertFalse(replay.text().contains("Device Login Successful"), replay::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }
}
