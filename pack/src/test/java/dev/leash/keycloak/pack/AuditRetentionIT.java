package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention with a limit of 3 seconds (the test-only option {@code retention-test-seconds}): old
 * entries go only once every sink has them, and the chain stays verifiable from the oldest entry
 * kept, anchored by the signed checkpoint just before it. Finished records go as well.
 */
@LeashKeycloakTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@KeycloakOptions({
  "--spi-events-listener--leash-audit--retention-test-seconds=3",
  "--spi-events-listener--leash-audit--checkpoint-interval=1"
})
class AuditRetentionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestUser APPROVER = TestUser.withPassword("ar-approver", "approver-pass");
  private static final String SECRET = "retention-" + "71d04be9a2c3f658".repeat(3);

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
          });

  @Test
  @Order(1)
  void entriesGoOnlyOnceEverySinkHasThemAndTheChainStaysVerifiable(KeycloakServer server)
      throws Exception {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    try (WebhookReceiver receiver = WebhookReceiver.listening()) {
      receiver.stop();
      audit.setWebhook(receiver.url(), SECRET);
      String instance = UUID.randomUUID().toString();
      approveAGrant(instance);
      audit.awaitDelivery(
          delivery -> AuditApi.caughtUp(delivery, "file") && AuditApi.failing(delivery, "webhook"),
          TIMEOUT);

      // Past the limit the finished record goes (once moved counters, if any, were delivered, at
      // most a minute later), but the webhook lacks every entry.
      long deadline = System.nanoTime() + 2 * TIMEOUT.toNanos();
      while (records(server, instance) > 0 && System.nanoTime() < deadline) {
        AuditApi.pause();
      }
      assertEquals(0, records(server, instance), "the finished record went");
      Thread.sleep(4000);
      JsonNode kept = verify(server);
      assertEquals(1, kept.path("from_seq").asLong(), "no entry goes before every sink has it");
      assertTrue(kept.path("intact").asBoolean(), kept::toString);

      receiver.start();
      // The webhook's back-off may have grown to a minute or two while it was down.
      audit.awaitDelivery(
          delivery -> AuditApi.caughtUp(delivery, "webhook"), TIMEOUT.multipliedBy(3));
      JsonNode verification = verify(server);
      deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (verification.path("from_seq").asLong() <= 1 && System.nanoTime() < deadline) {
        AuditApi.pause();
        verification = verify(server);
      }
      assertTrue(verification.path("from_seq").asLong() > 1, verification::toString);
      assertTrue(verification.path("intact").asBoolean(), verification::toString);
      JsonNode anchor = verification.path("anchor");
      assertEquals("checkpoint", anchor.path("kind").asText(), verification::toString);
      assertEquals(verification.path("from_seq").asLong() - 1, anchor.path("seq").asLong());
      assertTrue(anchor.path("note").asText().contains("retention"), anchor::toString);
    } finally {
      server
          .admin()
          .send("DELETE", "/admin/realms/" + DemoRealm.NAME + "/leash/audit/webhook", null);
    }
  }

  /**
   * A webhook's dead letters go with it: Leash could never deliver them again, and retention keeps
   * every entry from the realm's lowest dead letter on. Runs after the test above, which leaves a
   * chain that retention has trimmed.
   */
  @Test
  @Order(2)
  void aDeletedWebhooksDeadLettersHoldRetentionBackNoLonger(KeycloakServer server)
      throws Exception {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    long deadLetter;
    try (WebhookReceiver receiver = WebhookReceiver.listening()) {
      receiver.answerNextWith(422);
      audit.setWebhook(receiver.url(), SECRET);
      approveAGrant(UUID.randomUUID().toString());
      deadLetter =
          audit
              .awaitDelivery(
                  delivery ->
                      delivery.path("dead_letters").size() > 0
                          && AuditApi.caughtUp(delivery, "webhook"),
                  TIMEOUT)
              .path("dead_letters")
              .get(0)
              .path("seq")
              .asLong();
    } finally {
      server
          .admin()
          .send("DELETE", "/admin/realms/" + DemoRealm.NAME + "/leash/audit/webhook", null);
    }
    assertEquals(0, audit.delivery().path("dead_letters").size(), "they went with the webhook");

    approveAGrant(UUID.randomUUID().toString()); // entries after it, for a checkpoint above it
    long deadline = System.nanoTime() + 2 * TIMEOUT.toNanos();
    JsonNode verification = verify(server);
    while (verification.path("from_seq").asLong() <= deadLetter && System.nanoTime() < deadline) {
      AuditApi.pause();
      verification = verify(server);
    }
    assertTrue(
        verification.path("from_seq").asLong() > deadLetter,
        "retention went past the dead letter: " + verification);
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
  }

  private static void approveAGrant(String instance) {
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(APPROVER).approve(authorization);
    assertEquals(200, demo.realm().agent().pollUntilSettled(authorization, TIMEOUT).status());
  }

  /** Records listed for the grant of the agent instance {@code instance}. */
  private static int records(KeycloakServer server, String instance) {
    int found = 0;
    for (JsonNode record :
        server.admin().get("/admin/realms/" + DemoRealm.NAME + "/leash/audit?max=1000")) {
      if (instance.equals(record.path("device").path("claimed").path("agent_instance").asText())) {
        found++;
      }
    }
    return found;
  }

  private static JsonNode verify(KeycloakServer server) {
    return server.admin().get("/admin/realms/" + DemoRealm.NAME + "/leash/audit/verify");
  }
}
