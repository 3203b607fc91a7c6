package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchRealmTest {

  private static final ObjectNode DEMO =
      Json.read(
          Path.of(System.getProperty("leash.repo.root", ".."))
              .resolve("docker/leash-demo-realm.json"));

  @Test
  void leashRealmHasTheBenchAgentsApproversAndRaisedLimits() {
    ObjectNode realm = BenchRealm.withLeash(DEMO, "bench", 16);

    assertEquals("bench", realm.path("realm").asText());
    assertTrue(clientIds(realm).contains("bench-agent-15"));
    assertTrue(clientIds(realm).contains(BenchRealm.CAPPED_AGENT));
    assertTrue(Json.write(realm).contains("bench-approver-15"));
    String limits = Json.write(realm.path("clientProfiles"));
    assertTrue(limits.contains("\"max-requests-per-window\":1000000"), limits);
    assertTrue(limits.contains("\"max-pending-codes\":0"), limits);
    assertFalse(Json.write(realm).contains("leash-step-up"));
    assertTrue(Json.write(realm.path("eventsListeners")).contains("leash-audit"));
  }

  @Test
  void flowIdsAreFreshAndTheAgentsStillUseTheLeashFlow() {
    ObjectNode first = BenchRealm.withLeash(DEMO, "one", 1);
    ObjectNode second = BenchRealm.withLeash(DEMO, "two", 1);
    String flowId = flowId(first, "leash device approval");

    assertNotEquals(flowId, flowId(second, "leash device approval"));
    for (JsonNode client : first.path("clients")) {
      assertEquals(
          flowId, client.path("authenticationFlowBindingOverrides").path("browser").asText());
    }
  }

  @Test
  void vanillaRealmHasTheSameClientsAndUsersButNothingOfLeash() {
    ObjectNode leash = BenchRealm.withLeash(DEMO, "bench", 16);
    ObjectNode vanilla = BenchRealm.vanilla(leash);

    assertEquals(clientIds(leash), clientIds(vanilla));
    assertEquals(leash.path("users").size(), vanilla.path("users").size());
    String json = Json.write(vanilla);
    assertFalse(json.contains("\"leash"), json);
    assertFalse(vanilla.has("clientProfiles"));
    assertFalse(vanilla.has("loginTheme"));
  }

  @Test
  void savedEventsRealmIsVanillaWithKeycloaksEventStoreOnItsDefaultTypes() {
    ObjectNode vanilla = BenchRealm.vanilla(BenchRealm.withLeash(DEMO, "bench-saved-events", 16));
    ObjectNode saving = BenchRealm.withSavedEvents(vanilla);

    assertTrue(saving.path("eventsEnabled").asBoolean());
    assertFalse(saving.has("enabledEventTypes"));
    assertFalse(vanilla.path("eventsEnabled").asBoolean());
    saving.remove("eventsEnabled");
    assertEquals(Json.write(vanilla), Json.write(saving));
  }

  @Test
  void quietRealmKeepsKeycloaksLoggingListenerOnly() {
    ObjectNode quiet = BenchRealm.withoutAuditListener(BenchRealm.withLeash(DEMO, "quiet", 1));

    assertEquals("[\"jboss-logging\"]", Json.write(quiet.path("eventsListeners")));
  }

  private static String clientIds(ObjectNode realm) {
    StringBuilder ids = new StringBuilder();
    realm
        .path("clients")
        .forEach(client -> ids.append(client.path("clientId").asText()).append(','));
    return ids.toString();
  }

  private static String flowId(ObjectNode realm, String alias) {
    for (JsonNode flow : realm.path("authenticationFlows")) {
      if (alias.equals(flow.path("alias").asText())) {
        return flow.path("id").asText();
      }
    }
    throw new AssertionError("no flow " + alias);
  }
}
