package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit record of approvals in the demo realm exactly as shipped, with its step-up: the second
 * factor and the resulting {@code acr} are on the record, and an approver without one is counted.
 */
@LeashKeycloakTest
class AuditStepUpIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void theSecondFactorAndTheAcrAreOnTheRecord(KeycloakServer server) {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    demo.realm().approverAs(demo.realm().alice()).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    JsonNode claims = Jwt.claims(tokens.accessToken());

    JsonNode record = record(server.admin(), instance);
    assertEquals("otp", record.at("/decision/step_up_factor").asText(), record::toString);
    assertEquals(claims.path("acr").asText(), record.at("/tokens/0/acr").asText());
    assertEquals("alice", record.at("/decision/approver/username").asText());
  }

  @Test
  void anApproverWithoutASecondFactorIsCounted(KeycloakServer server) {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));

    Page refused = demo.realm().approverAs(demo.realm().bob()).approve(authorization);
    assertEquals(403, refused.status(), refused::toString);

    JsonNode record = record(server.admin(), instance);
    JsonNode tally = record.at("/approver_refusals/leash_step_up_missing");
    assertEquals(1, tally.path("count").asInt(), record::toString);
    assertEquals("bob", tally.at("/last_user/username").asText());
    assertEquals("pending", record.path("outcome").asText());
  }

  private static JsonNode record(AdminClient admin, String instance) {
    for (JsonNode record :
        admin.get("/admin/realms/" + DemoRealm.NAME + "/leash/audit?agent=demo-agent")) {
      if (instance.equals(record.at("/device/claimed/agent_instance").asText())) {
        return record;
      }
    }
    throw new AssertionError("no record with agent_instance " + instance);
  }
}
