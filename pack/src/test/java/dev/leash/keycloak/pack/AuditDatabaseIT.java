package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail on a database that outlives the server: H2 in a file, in mixed mode ({@code
 * AUTO_SERVER}), so this test can also open it alongside Keycloak, as a DBA would. An edited entry
 * is named by verification; entries waiting for a webhook that is down are delivered after Keycloak
 * restarts (the one extra server start of this class).
 */
@LeashKeycloakTest
@KeycloakOptions({
  "--db-url=jdbc:h2:file:./data/h2/leash-tamper-it;AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
  "--db-username=sa",
  "--db-password=leash-it"
})
class AuditDatabaseIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);
  private static final TestUser APPROVER = TestUser.withPassword("at-approver", "approver-pass");
  private static final String SECRET = "restart-" + "9a41c07d2be35f68".repeat(3);

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
          });

  @Test
  void anEditedEntryIsNamedByVerification(KeycloakServer server) throws Exception {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    demo.realm().approverAs(APPROVER).approve(authorization);
    assertEquals(
        200, demo.realm().agent().pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
    AdminClient admin = server.admin();
    String realmId = admin.get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
    assertTrue(awaitVerification(admin, 3).path("intact").asBoolean());

    long seq;
    String entryId;
    try (Connection db = openKeycloakDatabase()) {
      try (PreparedStatement approved =
          db.prepareStatement(
              "select SEQ, ID from LEASH_AUDIT_ENTRY where REALM_ID = ? and SEQ is not null"
                  + " and BODY like '%\"outcome\":\"approved\"%' order by SEQ")) {
        approved.setString(1, realmId);
        try (ResultSet row = approved.executeQuery()) {
          assertTrue(row.next(), "an approved version was sealed");
          seq = row.getLong(1);
          entryId = row.getString(2);
        }
      }
      try (PreparedStatement edit =
          db.prepareStatement(
              "update LEASH_AUDIT_ENTRY set BODY = replace(BODY, '\"outcome\":\"approved\"',"
                  + " '\"outcome\":\"denied\"') where ID = ?")) {
        edit.setString(1, entryId);
        assertEquals(1, edit.executeUpdate());
      }
    }

    JsonNode verification = admin.get(auditPath("/verify"));
    assertFalse(verification.path("intact").asBoolean(), verification::toString);
    JsonNode broken = verification.path("first_broken");
    assertEquals(seq, broken.path("seq").asLong(), verification::toString);
    assertEquals(entryId, broken.path("entry_id").asText());
    assertEquals("its contents do not give its hash", broken.path("problem").asText());
    assertEquals(seq - 1, verification.path("entries").asLong());
  }

  @Test
  void entriesWaitingForAWebhookThatIsDownAreDeliveredAfterARestart(KeycloakServer server)
      throws Exception {
    String instance = UUID.randomUUID().toString();
    try (WebhookReceiver receiver = WebhookReceiver.listening()) {
      receiver.stop();
      AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
      audit.setWebhook(receiver.url(), SECRET);
      OAuthResponse authorization =
          demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
      demo.realm().approverAs(APPROVER).approve(authorization);
      assertEquals(
          200, demo.realm().agent().pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
      audit.awaitDelivery(delivery -> AuditApi.failing(delivery, "webhook"), SETTLE_TIMEOUT);

      server.restart();
      receiver.start();

      ReceivedAuditEvents received = new ReceivedAuditEvents(receiver, SECRET);
      AuditApi afterRestart = new AuditApi(server.admin(), DemoRealm.NAME);
      received.awaitAccepted(
          event -> ReceivedAuditEvents.isApprovedWithTokens(event, instance),
          RESTART_TIMEOUT,
          afterRestart::delivery);
      received.assertEveryEntryOnceInOrder(
          afterRestart.awaitDelivery(
              delivery -> AuditApi.caughtUp(delivery, "webhook"), RESTART_TIMEOUT));
    }
  }

  private static Connection openKeycloakDatabase() throws Exception {
    Path file = Path.of(System.getProperty("leash.keycloak.home"), "data/h2/leash-tamper-it");
    return DriverManager.getConnection(
        "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
        "sa",
        "leash-it");
  }

  /** The verification once at least {@code entries} entries are sealed. */
  private static JsonNode awaitVerification(AdminClient admin, long entries) throws Exception {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    JsonNode verification = admin.get(auditPath("/verify"));
    while (verification.path("last_seq").asLong() < entries && System.nanoTime() < deadline) {
      Thread.sleep(200);
      verification = admin.get(auditPath("/verify"));
    }
    return verification;
  }

  private static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }
}
