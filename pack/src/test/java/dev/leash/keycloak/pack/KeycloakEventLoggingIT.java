package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ways docs/flood.md gives operators to tame Keycloak's own event logging, tried on a real
 * server: the {@code org.keycloak.events} log category at ERROR silences the line Keycloak's {@code
 * jboss-logging} listener writes for every refused request, while the event store and Leash's audit
 * still see the events; a realm's enabled event types keep error events out of the event store
 * without hiding them from listeners. (Error events at DEBUG, the other server option, are proven
 * by FloodSoakIT, whose server runs with it.)
 */
@LeashKeycloakTest
@KeycloakOptions("--log-level-org.keycloak.events=error")
class KeycloakEventLoggingIT {

  private static final String REFUSED = "OAUTH2_DEVICE_AUTH_ERROR";

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(json -> json.put("eventsEnabled", true));

  private static AdminClient admin;
  private static Path serverLog;

  @BeforeAll
  static void connect(KeycloakServer server) {
    admin = server.admin();
    serverLog = server.log();
  }

  @Test
  void theEventsCategoryAtErrorSilencesKeycloaksEventLines() throws Exception {
    long logStart = Files.size(serverLog);
    long stored = events(REFUSED);

    refuse(10);

    assertEquals(0, eventLines(logStart), "no [org.keycloak.events] line");
    assertEquals(stored + 10, events(REFUSED), "the event store still has every refusal");
  }

  @Test
  void enabledEventTypesKeepRefusalsOutOfTheStoreButNotFromLeash() throws Exception {
    ObjectNode config = (ObjectNode) admin.get(eventsConfigPath());
    ArrayNode saved = (ArrayNode) config.path("enabledEventTypes");
    assertTrue(saved.size() > 2, "the realm lists the types it saves: " + saved);
    ArrayNode types = config.putArray("enabledEventTypes");
    for (JsonNode type : saved) {
      if (!type.asText().equals(REFUSED)
          && !type.asText().equals("OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR")) {
        types.add(type);
      }
    }
    assertEquals(204, admin.put(eventsConfigPath(), config).statusCode());
    long stored = events(REFUSED);
    long tallied = talliedRefusals();

    refuse(5);

    assertEquals(stored, events(REFUSED), "no new rows in Keycloak's event store");
    assertTrue(talliedRefusals() > tallied, "Leash's listener still hears them");
  }

  private static void refuse(int requests) throws InterruptedException {
    for (int request = 0; request < requests; request++) {
      OAuthResponse refused = demo.realm().agent().authorize("openid phone");
      assertEquals("invalid_scope", refused.error(), refused::toString);
    }
    Thread.sleep(2000); // Error events land just after the answers.
  }

  private static long talliedRefusals() {
    long count = 0;
    for (JsonNode tally : admin.get("/admin/realms/" + DemoRealm.NAME + "/leash/audit?max=1000")) {
      count += tally.at("/refusal/count").asLong();
    }
    return count;
  }

  private static String eventsConfigPath() {
    return "/admin/realms/" + DemoRealm.NAME + "/events/config";
  }

  private static long events(String type) {
    return admin
        .get("/admin/realms/" + DemoRealm.NAME + "/events?type=" + type + "&max=1000000")
        .size();
  }

  private static long eventLines(long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(serverLog);
    return new String(bytes, (int) offset, bytes.length - (int) offset)
        .lines()
        .filter(line -> line.contains("[org.keycloak.events]"))
        .count();
  }
}
