package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tamper evidence of the audit trail against a real Keycloak whose database this test also opens
 * over JDBC, as a database administrator would: signed checkpoints checked offline against the
 * realm's JWKS, entries, checkpoints and record rows changed in the database and named by {@code
 * verify} (never an HTTP 500), verification in bounded calls, a key rotation, and dead letters
 * delivered again by an admin with {@code manage-events}. Subclasses supply the server and its
 * database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AuditIntegrityContract {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final TestUser APPROVER = TestUser.withPassword("ai-approver", "approver-pass");
  static final TestUser VIEWER = TestUser.withPassword("ai-viewer", "viewer-pass");
  static final String SECRET = "integrity-" + "3c9e51a07b2d48f6".repeat(3);

  /** The demo realm with an approver and an admin who holds {@code view-events} only. */
  static void customise(ObjectNode realm) {
    RealmJson.forFocusedTests(realm);
    RealmJson.addPasswordUser(realm, APPROVER);
    RealmAdminRequests.addViewer(realm, VIEWER);
  }

  abstract KeycloakServer server();

  abstract DemoRealm realm();

  /** A connection to the database the server uses. */
  abstract Connection openDatabase() throws SQLException;

  /**
   * The server's {@code trusted-signing-keys-file}, when it is started with one; the test writes it
   * as an operator would, from {@code .../leash/audit/signing-keys}.
   */
  Optional<Path> trustedSigningKeysFile() {
    return Optional.empty();
  }

  /**
   * Adds the thumbprints of the realm's signing keys that {@code which} picks to the server's
   * trusted signing keys file, if it has one.
   */
  void trustSigningKeys(Predicate<JsonNode> which) throws IOException {
    Optional<Path> file = trustedSigningKeysFile();
    if (file.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (JsonNode key : server().admin().get(auditPath("/signing-keys"))) {
      if (which.test(key)) {
        lines
            .append(key.path("thumbprint").asText())
            .append("  # ")
            .append(key.path("kid").asText());
        lines.append('\n');
      }
    }
    Files.writeString(file.get(), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  @Order(1)
  void checkpointsAreSignedWithTheRealmKeyAndCheckOfflineAgainstItsJwks() throws Exception {
    approveAGrant();
    JsonNode checkpoint = awaitCheckpointAtHead();

    JsonNode jwks = jwks();
    JsonNode signed = LeashCheckpoint.verify(checkpoint.path("jws").asText(), jwks).orElseThrow();
    assertEquals(checkpoint.path("seq").asLong(), signed.path("seq").asLong());
    assertEquals(checkpoint.path("hash").asText(), signed.path("hash").asText());
    assertEquals(realmId(), signed.path("realm_id").asText());
    assertEquals("RS256", header(checkpoint.path("jws").asText()).path("alg").asText());

    String[] parts = checkpoint.path("jws").asText().split("\\.");
    String otherHash =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace(signed.path("hash").asText(), "0".repeat(64))
                    .getBytes(StandardCharsets.UTF_8));
    assertTrue(
        LeashCheckpoint.verify(parts[0] + "." + otherHash + "." + parts[2], jwks).isEmpty(),
        "a changed checkpoint does not verify");

    JsonNode verification = verify("");
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
    long checked = verification.path("checkpoints").path("checked").asLong();
    assertTrue(checked >= 1, verification::toString);
    assertEquals(checked, verification.path("checkpoints").path("matched").asLong());
  }

  @Test
  @Order(2)
  void anEditedEntryIsNamedAndSoIsTheCheckpointAboveIt() throws Exception {
    approveAGrant();
    long head = awaitCheckpointAtHead().path("seq").asLong();
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      AuditTables.Entry edited = tables.entry(head - 1);
      tables.change(
          edited,
          "update LEASH_AUDIT_ENTRY set BODY = replace(BODY, '\"version\":', '\"version\":9')"
              + " where ID = ?");
      try {
        JsonNode verification = verify("");
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertEquals(head - 1, verification.path("first_broken").path("seq").asLong());
        assertEquals(edited.id(), verification.path("first_broken").path("entry_id").asText());
        assertEquals(
            "its contents do not give its hash",
            verification.path("first_broken").path("problem").asText());
        // The first checkpoint at or above the edited entry no longer holds.
        long checkpoint = firstCheckpointFrom(head - 1);
        assertEquals(
            checkpoint,
            verification.path("checkpoint_problem").path("seq").asLong(),
            verification::toString);
        assertEquals(
            "the entries up to " + checkpoint + " no longer give the hash this checkpoint signed",
            verification.path("checkpoint_problem").path("problem").asText());
      } finally {
        tables.restore(edited);
      }
    }
    assertIntact();
  }

  @Test
  @Order(3)
  void emptiedGarbledDeletedOrSwappedEntriesAreBrokenLinksNeverErrors() throws Exception {
    approveAGrant();
    long head = awaitCheckpointAtHead().path("seq").asLong();
    long seq = head - 1;
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      AuditTables.Entry entry = tables.entry(seq);
      AuditTables.Entry next = tables.entry(seq + 1);
      Map<String, String> emptied =
          Map.of(
              "update LEASH_AUDIT_ENTRY set PREV_HASH = null where ID = ?",
              "its PREV_HASH column is empty",
              "update LEASH_AUDIT_ENTRY set SEALED_AT = null where ID = ?",
              "its SEALED_AT column is empty",
              "update LEASH_AUDIT_ENTRY set HASH = null where ID = ?",
              "its HASH column is empty",
              "update LEASH_AUDIT_ENTRY set BODY = '{\"oops\": 1.5, ' where ID = ?",
              "its contents do not give its hash");
      for (Map.Entry<String, String> tamper : emptied.entrySet()) {
        tables.change(entry, tamper.getKey());
        try {
          JsonNode broken = verify("").path("first_broken");
          assertEquals(seq, broken.path("seq").asLong(), tamper::getKey);
          assertEquals(tamper.getValue(), broken.path("problem").asText(), tamper::getKey);
        } finally {
          tables.restore(entry);
        }
      }

      tables.delete(entry);
      try {
        JsonNode verification = verify("");
        assertEquals(seq + 1, verification.path("first_broken").path("seq").asLong());
        assertEquals(
            "sequence number " + seq + " is missing before this entry",
            verification.path("first_broken").path("problem").asText());
        assertEquals(
            firstCheckpointFrom(seq),
            verification.path("checkpoint_problem").path("seq").asLong(),
            verification::toString);
      } finally {
        tables.restore(entry);
      }

      tables.swapSeqs(entry, next);
      try {
        JsonNode broken = verify("").path("first_broken");
        assertEquals(seq, broken.path("seq").asLong(), broken::toString);
        assertEquals(next.id(), broken.path("entry_id").asText());
      } finally {
        tables.restore(entry, next);
      }
    }
    assertIntact();
  }

  /**
   * Deleting the oldest entries up to a signed checkpoint is what retention does, and retention
   * signs a mark first; without a mark (retention is off here) it is tampering, and the checkpoint
   * does not vouch for the gap. A mark Leash did not sign does not either: here, a checkpoint's
   * JWS, signed by the same key, in the mark's row.
   */
  @Test
  @Order(3)
  void aDeletedStartOfTheChainIsNamedUnlessARetentionMarkCoversIt() throws Exception {
    awaitCheckpointAtHead();
    long checkpoint = firstCheckpointFrom(1);
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      List<AuditTables.Entry> start = new ArrayList<>();
      for (long seq = 1; seq <= checkpoint; seq++) {
        start.add(tables.entry(seq));
      }
      for (AuditTables.Entry entry : start) {
        tables.delete(entry);
      }
      try {
        JsonNode verification = verify("");
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertEquals(checkpoint + 1, verification.path("first_broken").path("seq").asLong());
        assertTrue(
            verification
                .path("anchor")
                .path("note")
                .asText()
                .contains("the realm has no retention mark"),
            verification::toString);

        String[] signedCheckpoint = tables.checkpoint(checkpoint);
        tables.setRetentionMark(
            new String[] {Long.toString(checkpoint), "0", "forged", signedCheckpoint[0]});
        verification = verify("");
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertEquals(checkpoint + 1, verification.path("first_broken").path("seq").asLong());
        assertTrue(
            verification
                .path("retention_mark")
                .path("problem")
                .asText()
                .contains("not of type leash-audit-retention-mark"),
            verification::toString);
      } finally {
        tables.deleteRetentionMark();
        tables.restore(start.toArray(AuditTables.Entry[]::new));
      }
    }
    assertIntact();
  }

  @Test
  @Order(4)
  void aForgedCheckpointIsNamed() throws Exception {
    long head = awaitCheckpointAtHead().path("seq").asLong();
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      String[] original = tables.checkpoint(head);
      String[] parts = original[0].split("\\.");
      String payload =
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
              .replace(original[1], "0".repeat(64));
      String forged =
          parts[0]
              + "."
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
              + "."
              + parts[2];
      tables.setCheckpoint(head, forged, "0".repeat(64));
      try {
        JsonNode problem = verify("").path("checkpoint_problem");
        assertEquals(head, problem.path("seq").asLong(), problem::toString);
        assertEquals("its signature is not valid", problem.path("problem").asText());
      } finally {
        tables.setCheckpoint(head, original[0], original[1]);
      }
      tables.setCheckpoint(head, "not a JWS", original[1]);
      try {
        assertEquals(
            "its JWS cannot be read",
            verify("").path("checkpoint_problem").path("problem").asText());
      } finally {
        tables.setCheckpoint(head, original[0], original[1]);
      }
    }
    assertIntact();
  }

  @Test
  @Order(5)
  void verificationGoesInBoundedCallsAndSaysWhereToGoOn() {
    long head = awaitCheckpointAtHead().path("seq").asLong();
    assertTrue(head >= 3);

    JsonNode first = verify("?from=1&max=2");
    assertTrue(first.path("intact").asBoolean(), first::toString);
    assertEquals(2, first.path("to_seq").asLong());
    assertEquals(2, first.path("entries").asLong());
    assertFalse(first.path("complete").asBoolean());
    assertEquals(3, first.path("next_from").asLong());
    assertEquals("genesis", first.path("anchor").path("kind").asText());

    JsonNode rest = verify("?from=" + first.path("next_from").asLong());
    assertTrue(rest.path("intact").asBoolean(), rest::toString);
    assertTrue(rest.path("complete").asBoolean());
    assertEquals("entry", rest.path("anchor").path("kind").asText());
    assertEquals(2, rest.path("anchor").path("seq").asLong());

    AuditApi audit = new AuditApi(server().admin(), DemoRealm.NAME);
    assertEquals(400, audit.get("/verify?max=0").statusCode());
    assertEquals(400, audit.get("/verify?from=0").statusCode());
    assertEquals(400, audit.get("/verify?max=100001").statusCode());
  }

  @Test
  @Order(6)
  void aDeadLetterIsDeliveredOnceWhenAnAdminWithManageEventsRetriesIt() throws Exception {
    AuditApi audit = new AuditApi(server().admin(), DemoRealm.NAME);
    try (WebhookReceiver receiver = WebhookReceiver.listening()) {
      audit.setWebhook(receiver.url(), SECRET);
      audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
      receiver.answerNextWith(422);
      realm()
          .agent()
          .authorize(Map.of("scope", "openid", "agent_instance", UUID.randomUUID().toString()));
      JsonNode delivery =
          audit.awaitDelivery(
              state -> state.path("dead_letters").size() > 0 && AuditApi.caughtUp(state, "webhook"),
              TIMEOUT);
      JsonNode letter = delivery.path("dead_letters").get(0);
      String letterId = letter.path("id").asText();
      String refusedEntryId =
          receiver.deliveries().stream()
              .filter(request -> request.status() == 422)
              .map(request -> Json.parse(request.bodyText()).path("id").asText())
              .findFirst()
              .orElseThrow();

      String retry = "/delivery/dead-letters/" + letterId + "/retry";
      assertEquals(403, asViewer("POST", retry).statusCode(), "view-events cannot retry");
      assertEquals(403, asViewer("POST", "/delivery/dead-letters/retry?sink=webhook").statusCode());
      assertEquals(200, asViewer("GET", "/delivery").statusCode(), "but it can look");
      assertEquals(
          404,
          server()
              .admin()
              .send(
                  "POST", auditPath("/delivery/dead-letters/" + UUID.randomUUID() + "/retry"), null)
              .statusCode());
      HttpResponse<String> accepted = server().admin().send("POST", auditPath(retry), null);
      assertEquals(202, accepted.statusCode(), accepted::body);

      audit.awaitDelivery(state -> state.path("dead_letters").isEmpty(), TIMEOUT);
      List<String> acceptedIds =
          receiver.deliveries().stream()
              .filter(WebhookReceiver.Delivery::accepted)
              .map(request -> Json.parse(request.bodyText()).path("id").asText())
              .filter(refusedEntryId::equals)
              .toList();
      assertEquals(1, acceptedIds.size(), "delivered exactly once on retry");

      HttpResponse<String> none =
          server()
              .admin()
              .send("POST", auditPath("/delivery/dead-letters/retry?sink=webhook"), null);
      assertEquals(202, none.statusCode());
      assertEquals(0, Json.parse(none.body()).path("requested").asInt());
    } finally {
      server().admin().send("DELETE", auditPath("/webhook"), null);
    }
  }

  @Test
  @Order(7)
  void checkpointsSignedBeforeAKeyRotationStillVerify() throws Exception {
    approveAGrant();
    JsonNode before = awaitCheckpointAtHead();
    String oldKid = header(before.path("jws").asText()).path("kid").asText();

    AdminClient admin = server().admin();
    addRsaKeyProvider(admin, "leash-it-rotated", 1000);
    trustSigningKeys(key -> key.path("priority").asLong() == 1000); // as the rotation's operator
    retireKey(admin, oldKid);

    approveAGrant();
    JsonNode after = awaitCheckpointAtHead();
    String newKid = header(after.path("jws").asText()).path("kid").asText();
    assertNotEquals(oldKid, newKid, "signed with the new key");

    JsonNode jwks = jwks();
    assertTrue(LeashCheckpoint.verify(before.path("jws").asText(), jwks).isPresent());
    assertTrue(LeashCheckpoint.verify(after.path("jws").asText(), jwks).isPresent());
    JsonNode verification = verify("");
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
    assertEquals(
        verification.path("checkpoints").path("checked").asLong(),
        verification.path("checkpoints").path("matched").asLong());
  }

  @Test
  @Order(8)
  void anEditedRecordRowIsNamedAndIntactOncePutBack() throws Exception {
    approveAGrant();
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      AuditTables.Entry sealed = awaitHeadSealingItsRecord(tables);
      long head = sealed.seq();
      AuditTables.RecordRow row = tables.record(sealed.recordId());
      // What GET .../leash/audit answers now names someone else as the approver.
      String edited = row.body().replace(APPROVER.username(), "someone-else");
      assertNotEquals(row.body(), edited, row::body);
      tables.setRecordBody(row.id(), edited);
      try {
        JsonNode verification = verify("");
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertFalse(verification.has("first_broken"), "the chain itself is intact");
        JsonNode problem = verification.path("record_problem");
        assertEquals(row.id(), problem.path("record_id").asText(), verification::toString);
        assertEquals(head, problem.path("seq").asLong());
        assertEquals(sealed.id(), problem.path("entry_id").asText());
        assertEquals(
            "it differs from version " + row.version() + " as entry " + head + " sealed it",
            problem.path("problem").asText());
        JsonNode records = verification.path("records");
        assertEquals(
            records.path("checked").asLong() - 1,
            records.path("matched").asLong(),
            verification::toString);

        JsonNode before = verify("?from=1&max=" + (head - 1));
        assertTrue(before.path("intact").asBoolean(), "a range without its entry: " + before);
      } finally {
        tables.setRecordBody(row.id(), row.body());
      }
    }
    JsonNode verification = verify("");
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
    JsonNode records = verification.path("records");
    assertTrue(records.path("checked").asLong() >= 1, verification::toString);
    assertEquals(records.path("checked").asLong(), records.path("matched").asLong());
  }

  /**
   * The list filters on columns that copy values of the record's body: one changed on its own would
   * hide the record from a filtered list (here: from {@code ?outcome=approved}).
   */
  @Test
  @Order(11)
  void aRecordColumnTheListFiltersOnIsComparedWithTheBody() throws Exception {
    approveAGrant();
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      AuditTables.Entry sealed = awaitHeadSealingItsRecord(tables);
      String outcome = tables.recordColumn(sealed.recordId(), "OUTCOME");
      tables.setRecordColumn(sealed.recordId(), "OUTCOME", "expired");
      try {
        JsonNode problem = verify("").path("record_problem");
        assertEquals(sealed.recordId(), problem.path("record_id").asText(), problem::toString);
        assertEquals(
            "its OUTCOME column does not say what its body says", problem.path("problem").asText());
      } finally {
        tables.setRecordColumn(sealed.recordId(), "OUTCOME", outcome);
      }
    }
    assertIntact();
  }

  /**
   * A grant's record deleted from the database between the request and the approval: the approval
   * and the tokens start a record of their own, so tokens never go unrecorded.
   */
  @Test
  @Order(12)
  void aGrantWhoseRecordWasDeletedIsRecordedAnew() throws Exception {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    String approvalId;
    try (Connection db = openDatabase()) {
      List<String> deleted = new AuditTables(db, realmId()).deleteRecordsHolding(instance);
      assertEquals(1, deleted.size(), deleted::toString);
      approvalId = Json.parse(deleted.get(0)).path("approval_id").asText();
    }
    realm().approverAs(APPROVER).approve(authorization);
    assertEquals(200, realm().agent().pollUntilSettled(authorization, TIMEOUT).status());

    JsonNode anew = recordOfApproval(approvalId);
    assertEquals("approved", anew.path("outcome").asText(), anew::toString);
    assertEquals(APPROVER.username(), anew.at("/decision/approver/username").asText());
    assertEquals(1, anew.path("tokens").size(), anew::toString);
    assertEquals("demo-agent", anew.at("/agent/client_id").asText());
  }

  /** The record of the grant {@code approvalId} once it holds its tokens. */
  private JsonNode recordOfApproval(String approvalId) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      for (JsonNode record : server().admin().get(auditPath("?max=1000"))) {
        if (approvalId.equals(record.path("approval_id").asText())
            && record.path("tokens").size() > 0) {
          return record;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No record of grant " + approvalId + " with its tokens");
      }
      AuditApi.pause();
    }
  }

  /**
   * The chain head is the only record of where the chain ends; deleted (or moved back), the
   * entries, checkpoints and mark beyond it say the chain went further.
   */
  @Test
  @Order(9)
  void aDeletedChainHeadIsNamed() throws Exception {
    awaitCheckpointAtHead();
    try (Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId());
      String[] head = tables.chainHead();
      tables.deleteChainHead();
      try {
        JsonNode verification = verify("");
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertTrue(
            verification
                .path("first_broken")
                .path("problem")
                .asText()
                .endsWith("the head was moved back or deleted"),
            verification::toString);
      } finally {
        tables.restoreChainHead(head);
      }
    }
    assertIntact();
  }

  /**
   * Refused device requests arriving together are each tallied once: the first ones race to create
   * their agent's tally, and those that lose count on the winner's. On MariaDB's default isolation
   * (repeatable read) a locking read that found no tally would also have blocked its creation.
   */
  @Test
  @Order(10)
  void refusalsArrivingTogetherAreEachTallied() throws Exception {
    int refusals = 6;
    long before;
    try (Connection db = openDatabase()) {
      before = new AuditTables(db, realmId()).refusalsTallied("demo-agent", "invalid_scope");
    }
    ExecutorService pool = Executors.newFixedThreadPool(refusals);
    try {
      List<Future<OAuthResponse>> sent = new ArrayList<>();
      for (int request = 0; request < refusals; request++) {
        sent.add(pool.submit(() -> realm().agent().authorize(Map.of("scope", "openid phone"))));
      }
      for (Future<OAuthResponse> request : sent) {
        OAuthResponse answer = request.get();
        assertEquals("invalid_scope", answer.error(), answer::toString);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection db = openDatabase()) {
      assertEquals(
          before + refusals,
          new AuditTables(db, realmId()).refusalsTallied("demo-agent", "invalid_scope"));
    }
  }

  /**
   * On a server with a trusted signing keys file, a key provider someone added (here through the
   * admin API; with database access, as a component row) neither signs checkpoints, though its
   * priority is the highest, nor makes a signature count: with only it listed, every checkpoint the
   * realm's keys signed is named.
   */
  @Test
  @Order(13)
  void onlyKeysInTheTrustedFileSignAndCount() throws Exception {
    Optional<Path> file = trustedSigningKeysFile();
    Assumptions.assumeTrue(file.isPresent(), "the server trusts every key of the realm");
    AdminClient admin = server().admin();
    addRsaKeyProvider(admin, "leash-it-untrusted", 2000);
    JsonNode untrusted = null;
    for (JsonNode key : admin.get(auditPath("/signing-keys"))) {
      if (key.path("priority").asLong() == 2000) {
        untrusted = key;
      }
    }
    assertNotNull(untrusted, "the added key is listed");
    assertFalse(untrusted.path("trusted").asBoolean(), untrusted::toString);
    assertEquals("rsa-generated", untrusted.path("provider").asText(), untrusted::toString);

    approveAGrant();
    JsonNode signed = awaitCheckpointAtHead();
    String kid = header(signed.path("jws").asText()).path("kid").asText();
    assertNotEquals(untrusted.path("kid").asText(), kid, "the untrusted key signed");
    assertIntact();

    // As an operator would who trusted none of these keys: none of the checkpoints counts.
    String trusted = Files.readString(file.get());
    replace(file.get(), "A".repeat(43) + "\n");
    try {
      JsonNode problem = verify("").path("checkpoint_problem");
      assertTrue(
          problem
              .path("problem")
              .asText()
              .endsWith("is not among the server's trusted signing keys"),
          problem::toString);
    } finally {
      replace(file.get(), trusted);
    }
    assertIntact();
  }

  /** Replaces {@code file} in one step, as the docs ask operators to, so no reader sees it half. */
  private static void replace(Path file, String content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Adds a provider of a generated RS256 key of {@code priority} to the realm. */
  private void addRsaKeyProvider(AdminClient admin, String name, int priority) {
    Map<String, Object> provider =
        Map.of(
            "name",
            name,
            "providerId",
            "rsa-generated",
            "providerType",
            "org.keycloak.keys.KeyProvider",
            "parentId",
            realmId(),
            "config",
            Map.of("priority", List.of(Integer.toString(priority)), "algorithm", List.of("RS256")));
    HttpResponse<String> created =
        admin.post("/admin/realms/" + DemoRealm.NAME + "/components", provider);
    assertEquals(201, created.statusCode(), created::body);
  }

  private void retireKey(AdminClient admin, String kid) {
    JsonNode keys = admin.get("/admin/realms/" + DemoRealm.NAME + "/keys");
    for (JsonNode key : keys.path("keys")) {
      if (kid.equals(key.path("kid").asText())) {
        String component = key.path("providerId").asText();
        ObjectNode representation =
            (ObjectNode) admin.get("/admin/realms/" + DemoRealm.NAME + "/components/" + component);
        representation.withObject("/config").putArray("active").add("false");
        HttpResponse<String> updated =
            admin.put(
                "/admin/realms/" + DemoRealm.NAME + "/components/" + component, representation);
        assertEquals(204, updated.statusCode(), updated::body);
        return;
      }
    }
    throw new AssertionError("No key " + kid + " in " + keys);
  }

  void approveAGrant() {
    OAuthResponse authorization =
        realm()
            .agent()
            .authorize(Map.of("scope", "openid", "agent_instance", UUID.randomUUID().toString()));
    assertEquals(200, authorization.status(), authorization::toString);
    realm().approverAs(APPROVER).approve(authorization);
    assertEquals(200, realm().agent().pollUntilSettled(authorization, TIMEOUT).status());
  }

  /** The checkpoint of the chain head, once the drainer has sealed everything and signed it. */
  JsonNode awaitCheckpointAtHead() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode delivery = new AuditApi(server().admin(), DemoRealm.NAME).delivery();
      long head = delivery.path("last_seq").asLong();
      JsonNode checkpoints =
          server().admin().get(auditPath("/checkpoints?from=" + Math.max(1, head)));
      if (head > 0
          && checkpoints.size() > 0
          && checkpoints.get(checkpoints.size() - 1).path("seq").asLong() == head
          && AuditApi.caughtUp(delivery, "file")) {
        return checkpoints.get(checkpoints.size() - 1);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No checkpoint at the head: " + delivery + " " + checkpoints);
      }
      AuditApi.pause();
    }
  }

  /**
   * The entry at the chain head, once it seals its record's current version: the drainer may have
   * sealed and signed the head before the last version of the grant reached the outbox.
   */
  AuditTables.Entry awaitHeadSealingItsRecord(AuditTables tables) throws SQLException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      AuditTables.Entry head = tables.entry(awaitCheckpointAtHead().path("seq").asLong());
      int current = tables.record(head.recordId()).version();
      if (current == head.recordVersion()) {
        return head;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Version " + current + " of " + head.recordId() + " never sealed");
      }
      AuditApi.pause();
    }
  }

  /** The sequence number of the first checkpoint at or after {@code seq}. */
  long firstCheckpointFrom(long seq) {
    return server().admin().get(auditPath("/checkpoints?from=" + seq)).get(0).path("seq").asLong();
  }

  JsonNode verify(String query) {
    return server().admin().get(auditPath("/verify" + query));
  }

  void assertIntact() {
    JsonNode verification = verify("");
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
  }

  String realmId() {
    return server().admin().get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
  }

  JsonNode jwks() {
    HttpClient http = Http.client();
    HttpRequest request =
        HttpRequest.newBuilder(
                server()
                    .baseUri()
                    .resolve("/realms/" + DemoRealm.NAME + "/protocol/openid-connect/certs"))
            .timeout(Http.TIMEOUT)
            .build();
    return Json.parse(Http.send(http, request).body());
  }

  /** A request to the realm's audit API as {@link #VIEWER}, who holds {@code view-events} only. */
  HttpResponse<String> asViewer(String method, String rest) {
    return new RealmAdminRequests(server(), VIEWER).send(method, rest);
  }

  static JsonNode header(String jws) {
    return Json.parse(
        new String(Base64.getUrlDecoder().decode(jws.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  static String auditPath(String rest) {
    return RealmAdminRequests.auditPath(rest);
  }
}
