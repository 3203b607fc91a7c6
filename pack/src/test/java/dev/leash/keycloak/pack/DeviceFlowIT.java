package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole device flow of the demo realm, against a real server, as an agent and a person do it.
 */
@LeashKeycloakTest
class DeviceFlowIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);

  /** {@code leash-strong}, which the test servers use: ten consonants in two groups of five. */
  private static final String STRONG_USER_CODE =
      "[BCDFGHJKLMNPQRSTVWXZ]{5}-[BCDFGHJKLMNPQRSTVWXZ]{5}";

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void agentGetsTokensOnceAPersonApproves() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid profile");
    assertEquals(200, authorization.status(), authorization::toString);
    assertNotNull(authorization.deviceCode());
    assertTrue(authorization.userCode().matches(STRONG_USER_CODE), authorization::toString);
    assertTrue(authorization.verificationUriComplete().contains("/realms/leash-demo/device"));

    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page done = demo.realm().approverAs(demo.realm().alice()).approve(authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    JsonNode claims = Jwt.claims(tokens.accessToken());
    assertEquals("demo-agent", claims.path("azp").asText());
    assertEquals("alice", claims.path("preferred_username").asText());

    OAuthResponse replay = agent.poll(authorization.deviceCode());
    assertEquals("invalid_grant", replay.error(), replay::toString);
  }

  @Test
  void aPendingCodesPollGetsKeycloaksOwnAnswer() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    // Leash answers it without Keycloak's second read of the code: the answer must not change.
    OAuthResponse pending = agent.poll(authorization.deviceCode());
    assertEquals(400, pending.status(), pending::toString);
    assertEquals("authorization_pending", pending.error(), pending::toString);
    assertEquals(
        "The authorization request is still pending",
        pending.errorDescription(),
        pending::toString);

    // Leash's pacing, not Keycloak's throttle, guards the pending code.
    OAuthResponse tooSoon = agent.poll(authorization.deviceCode());
    assertEquals("slow_down", tooSoon.error(), tooSoon::toString);
    assertTrue(
        tooSoon.errorDescription().startsWith("Slow down: poll at most every"), tooSoon::toString);
  }

  @Test
  void aCodeTypedInLowerCaseWithoutItsDashIsTheSameCode(KeycloakServer server) {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    String typed = authorization.userCode().replace("-", "").toLowerCase(Locale.ROOT);

    Page signIn =
        new Browser().open(server.realmUri(DemoRealm.NAME) + "/device?user_code=" + typed);
    assertEquals(200, signIn.status(), signIn::toString);
    assertTrue(signIn.has("input[name=username]"), signIn::toString);
  }

  /**
   * A verification link clicked on another site in Safari carries no mark of a click: the device
   * page fills the code in without looking it up, and the person's submit (the page's own form,
   * also without the mark) goes on to sign-in.
   */
  @Test
  void aLinkClickedInSafariIsConfirmedWithOneSubmit() {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");

    Page confirm = Browser.likeSafari().open(authorization.verificationUriComplete());
    assertTrue(confirm.has("#leash-code-to-confirm"), confirm::toString);
    assertFalse(confirm.has("input[name=username]"), confirm::toString);
    Page signIn = confirm.enterUserCode(codeFilledIn(confirm));

    assertEquals(authorization.userCode(), codeFilledIn(confirm));
    assertTrue(signIn.has("input[name=username]"), signIn::toString);
  }

  private static String codeFilledIn(Page page) {
    return page.document().getElementById("device_user_code").attr("value");
  }

  @Test
  void deniedGrantAnswersAccessDenied() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    demo.realm().approverAs(demo.realm().alice()).deny(authorization);

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("access_denied", answer.error(), answer::toString);
  }
}
