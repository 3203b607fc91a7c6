package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leash trusts the {@code leash_*} parameters saved with a device code only with its mark: a
 * device-grant client that no Leash policy covers (its requests reach no Leash executor, so nothing
 * refuses its {@code leash_*} parameters) cannot pass off its own as Leash's stamps.
 */
@LeashKeycloakTest
class StampMarkIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("mark-approver", "approver-pass");
  private static final String UNCOVERED_AGENT = "mark-uncovered-agent";

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addAgentLikeTheDemoAgent(json, UNCOVERED_AGENT);
            coverOnlyTheDemoAgent(json);
          });

  private static DemoRealm realm;

  @BeforeAll
  static void connect() {
    realm = demo.realm();
  }

  @Test
  void anUncoveredClientCannotPassOffItsOwnParametersAsLeashsStamps() {
    DeviceFlowClient agent = realm.agent(UNCOVERED_AGENT);
    OAuthResponse authorization =
        agent.authorize(
            Map.of(
                "scope",
                "openid",
                "leash_binding",
                "none",
                "leash_approval_id",
                UUID.randomUUID().toString(),
                "leash_deadline",
                Long.toString(Instant.now().plusSeconds(86_400).getEpochSecond())));
    // No Leash executor runs for this client, so Keycloak keeps the parameters with the code.
    assertEquals(200, authorization.status(), authorization::toString);

    OAuthResponse poll = agent.poll(authorization.deviceCode());
    assertEquals("invalid_grant", poll.error(), poll::toString);
    assertTrue(poll.errorDescription().contains("did not stamp"), poll::toString);

    Page page = realm.approverAs(APPROVER).approve(authorization);
    assertTrue(page.text().contains("This request has expired"), page::toString);
    OAuthResponse afterApproval = agent.poll(authorization.deviceCode());
    assertEquals("invalid_grant", afterApproval.error(), afterApproval::toString);
    assertNull(afterApproval.accessToken());
  }

  /**
   * The mark is a value with a control character, which Keycloak strips from every value a client
   * sends, in the form and in a request object: sent by the device, it is no mark.
   */
  @Test
  void anUncoveredClientCannotSendTheMarkItself() {
    DeviceFlowClient agent = realm.agent(UNCOVERED_AGENT);
    OAuthResponse inTheForm =
        agent.authorize(
            Map.of("scope", "openid", "leash_binding", "none", "leash_stamped", "\u0001v1"));
    assertRefusedAsUnmarked(agent, inTheForm);

    String requestObject =
        Jwt.unsigned(
            "{\"client_id\":\""
                + UNCOVERED_AGENT
                + "\",\"scope\":\"openid\",\"leash_binding\":\"none\","
                + "\"leash_stamped\":\"\\u0001v1\"}");
    OAuthResponse inARequestObject =
        agent.authorize(Map.of("scope", "openid", "request", requestObject));
    assertRefusedAsUnmarked(agent, inARequestObject);
  }

  private static void assertRefusedAsUnmarked(DeviceFlowClient agent, OAuthResponse authorization) {
    assertEquals(200, authorization.status(), authorization::toString);
    OAuthResponse poll = agent.poll(authorization.deviceCode());
    assertEquals("invalid_grant", poll.error(), poll::toString);
    assertTrue(poll.errorDescription().contains("did not stamp"), poll::toString);
  }

  @Test
  void anUncoveredClientWithoutLeashParametersKeepsKeycloaksDeviceFlow() {
    DeviceFlowClient agent = realm.agent(UNCOVERED_AGENT);
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  @Test
  void aCoveredClientsStampsAreMarkedAndHold() {
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  /** The demo's agent condition covers every device-grant client; here it names the demo agent. */
  private static void coverOnlyTheDemoAgent(ObjectNode json) {
    for (JsonNode policy : json.path("clientPolicies").path("policies")) {
      for (JsonNode condition : policy.path("conditions")) {
        if ("leash-agent-client".equals(condition.path("condition").asText())) {
          ((ObjectNode) condition.path("configuration")).put("device-grant-clients", false);
        }
      }
    }
  }
}
