package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.AgentPolicyMapper;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leash's policy settings and an agent's own settings survive a realm export and re-import (the
 * route keycloak-config-cli and the Terraform provider take), and behave the same afterwards.
 */
@LeashKeycloakTest
class PolicyExportImportIT {

  @RegisterExtension
  static final DemoRealmExtension demo = DemoRealmExtension.customised(RealmJson::forFocusedTests);

  @Test
  void exportCarriesThePolicyAndTheAgentsOwnSettingsAndReimportReproducesThem(
      KeycloakServer server) {
    new ClientProfiles(server, DemoRealm.NAME)
        .configure(
            "leash-scope-limit",
            Map.of(
                "allowed-scopes",
                List.of("openid", "profile", "agent:read", "agent:write"),
                "max-scopes",
                1,
                "agent-settings-allowed",
                true));
    new AgentPolicyMapper(server, DemoRealm.NAME, DemoRealm.AGENT_CLIENT_ID)
        .set(Map.of("allowed-scopes", "openid##agent:read"));
    behavesAsConfigured(demo.realm().agent());

    AdminClient admin = server.admin();
    HttpResponse<String> exported =
        admin.send(
            "POST", "/admin/realms/" + DemoRealm.NAME + "/partial-export?exportClients=true", null);
    assertEquals(200, exported.statusCode(), exported::body);
    JsonNode realm = Json.parse(exported.body());
    assertTrue(
        realm.path("clientProfiles").toString().contains("\"max-scopes\":1"),
        () -> realm.path("clientProfiles").toString());
    assertEquals(
        "openid##agent:read", ownSettingsIn(realm).path("config").path("allowed-scopes").asText());

    admin.deleteRealm(DemoRealm.NAME);
    admin.importRealm(exported.body());
    behavesAsConfigured(demo.realm().agent());
  }

  /** The agent's own allowed scopes and the policy's one-scope limit both apply. */
  private static void behavesAsConfigured(DeviceFlowClient agent) {
    OAuthResponse notAllowed = agent.authorize("agent:write");
    assertEquals("invalid_scope", notAllowed.error(), notAllowed::toString);
    assertTrue(notAllowed.errorDescription().contains("agent:write"), notAllowed::toString);
    OAuthResponse tooMany = agent.authorize("openid agent:read");
    assertTrue(tooMany.errorDescription().contains("at most 1"), tooMany::toString);
    assertEquals(200, agent.authorize("agent:read").status());
  }

  private static JsonNode ownSettingsIn(JsonNode realm) {
    for (JsonNode client : realm.path("clients")) {
      if (DemoRealm.AGENT_CLIENT_ID.equals(client.path("clientId").asText())) {
        for (JsonNode mapper : client.path("protocolMappers")) {
          if ("leash-agent-policy".equals(mapper.path("protocolMapper").asText())) {
            return mapper;
          }
        }
      }
    }
    throw new AssertionError("no leash-agent-policy mapper on demo-agent in the export");
  }
}
