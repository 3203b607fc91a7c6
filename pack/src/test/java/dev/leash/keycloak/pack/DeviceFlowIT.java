package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole device flow of the demo realm, against a real server, as an agent and a person do it.
 */
@LeashKeycloakTest
class DeviceFlowIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void agentGetsTokensOnceAPersonApproves() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid profile");
    assertEquals(200, authorization.status(), authorization::toString);
    assertNotNull(authorization.deviceCode());
    assertTrue(authorization.userCode().matches("[A-Z]{4}-[A-Z]{4}"), authorization::toString);
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
  void deniedGrantAnswersAccessDenied() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");

    demo.realm().approverAs(demo.realm().alice()).deny(authorization);

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("access_denied", answer.error(), answer::toString);
  }
}
