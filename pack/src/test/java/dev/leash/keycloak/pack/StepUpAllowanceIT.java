package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.ApprovalFlowEditor;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceApprover;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Step-up's optional allowances: a recent step-up of the same SSO session counts (here for 300 s),
 * and a person without a second factor must enrol one.
 */
@LeashKeycloakTest
class StepUpAllowanceIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser NO_FACTOR = TestUser.withPassword("sa-hugo", "hugo-pass");
  private static TestUser withFactor;

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.withoutRequestLimits(json);
            RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
            withFactor = RealmJson.addTotpUser(json, "sa-gina", "gina-pass", "NBSWY3DPO5XXE3DE");
            RealmJson.addPasswordUser(json, NO_FACTOR);
            RealmJson.configureAuthenticator(
                json, "leash-step-up", Map.of("max-age", "300", "without-second-factor", "enrol"));
            RealmJson.configureAuthenticator(
                json, "leash-condition-device-approval", Map.of("unless-stepped-up-within", "300"));
          });

  @Test
  void aRecentStepUpOfTheSameSessionIsNotAskedAgain() {
    DemoRealm realm = demo.realm();
    Browser browser = new Browser();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse first = agent.authorize("openid");
    Page done = new DeviceApprover(browser, withFactor).approve(first);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse second = agent.authorize("openid");
    Page page = new DeviceApprover(browser, withFactor).signInUntilOneTimeCode(second);
    assertFalse(page.has("#kc-otp-login-form"), "asked again within the allowance:\n" + page);
    assertTrue(page.has("#leash-approval-form"), page::toString);

    Page secondDone = new DeviceApprover(browser, withFactor).approve(second);
    assertTrue(secondDone.text().contains("Device Login Successful"), secondDone::toString);
    OAuthResponse tokens = agent.pollUntilSettled(second, SETTLE_TIMEOUT);
    assertEquals("2", Jwt.claims(tokens.accessToken()).path("acr").asText(), tokens::toString);
  }

  /**
   * Step-up only inside the one-time-code subflow, behind the device-approval condition and its
   * allowance: the second approval within the allowance skips the subflow, so it has no step-up
   * note, and the token endpoint, which judges the condition again, must not refuse it for that.
   */
  @Test
  void aStepUpTheAllowanceSkippedIsNotDemandedAtTheTokenEndpoint(KeycloakServer server) {
    ApprovalFlowEditor flow = new ApprovalFlowEditor(server, DemoRealm.NAME);
    JsonNode before = flow.snapshot();
    try {
      flow.require(ApprovalFlowEditor.STEP_UP, "DISABLED");
      flow.add(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW, ApprovalFlowEditor.STEP_UP, Map.of());
      Browser browser = new Browser();
      DeviceFlowClient agent = demo.realm().agent();
      OAuthResponse first = agent.authorize("openid");
      new DeviceApprover(browser, withFactor).approve(first);
      assertNotNull(agent.pollUntilSettled(first, SETTLE_TIMEOUT).accessToken());

      OAuthResponse second = agent.authorize("openid");
      Page page = new DeviceApprover(browser, withFactor).signInUntilOneTimeCode(second);
      assertFalse(page.has("#kc-otp-login-form"), "asked again within the allowance:\n" + page);
      Page secondDone = new DeviceApprover(browser, withFactor).approve(second);
      assertTrue(secondDone.text().contains("Device Login Successful"), secondDone::toString);
      OAuthResponse tokens = agent.pollUntilSettled(second, SETTLE_TIMEOUT);
      assertNotNull(tokens.accessToken(), tokens::toString);
    } finally {
      flow.restore(before);
    }
  }

  @Test
  void withoutASecondFactorThePersonMustEnrolOne(KeycloakServer server) {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    Page page = demo.realm().approverAs(NO_FACTOR).approve(authorization);

    assertEquals(403, page.status(), page::toString);
    assertTrue(page.text().contains("set up an authenticator app"), page::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
    JsonNode user = server.admin().user(DemoRealm.NAME, NO_FACTOR.username());
    assertTrue(user.path("requiredActions").toString().contains("CONFIGURE_TOTP"), user::toString);
  }
}
