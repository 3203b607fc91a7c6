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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone with write access to Keycloak's database edits a sealed audit entry: the admin API's
 * verification names it. The server keeps its H2 database in a file in mixed mode ({@code
 * AUTO_SERVER}), so this test can open it alongside Keycloak, as a DBA would.
 */
@LeashKeycloakTest
@KeycloakOptions({
  "--db-url=jdbc:h2:file:./data/h2/leash-tamper-it;AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
  "--db-username=sa",
  "--db-password=leash-it"
})
class AuditTamperIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("at-approver", "approver-pass");

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
