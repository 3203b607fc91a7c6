package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention with a limit of 3 seconds (the test-only option {@code retention-test-seconds}): old
 * entries go only once every sink has them, and the chain stays verifiable from the oldest entry
 * kept, anchored by the signed checkpoint just before it and by retention's signed mark. Finished
 * records go as well. H2 in a file, in mixed mode ({@code AUTO_SERVER}), which this test opens
 * alongside Keycloak.
 */
@LeashKeycloakTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@KeycloakOptions({
  "--db-url=jdbc:h2:file:./data/h2/leash-retention-it;AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
  "--db-username=sa",
  "--db-password=leash-it",
  "--spi-events-listener--leash-audit--retention-test-seconds=3",
  "--spi-events-listener--leash-audit--checkpoint-interval=1"
})
class AuditRetentionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestUser APPROVER = TestUser.withPassword("ar-approver", "approver-pass");
  private static final TestUser VIEWER = TestUser.withPassword("ar-viewer", "viewer-pass");
  private static final String SECRET = "retention-" + "71d04be9a2c3f658".repeat(3);

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmAdminRequests.addViewer(json, VIEWER);
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
      assertEquals("retention_mark", anchor.path("kind").asText(), verification::toString);
      assertEquals(verification.path("from_seq").asLong() - 1, anchor.path("seq").asLong());
      assertTrue(anchor.path("note").asText().contains("retention"), anchor::toString);
      JsonNode mark = verification.path("retention_mark");
      assertEquals(anchor.path("seq").asLong(), mark.path("through_seq").asLong(), mark::toString);
      assertTrue(mark.path("marked_at").isTextual(), mark::toString);
    } finally {
      deleteWebhook(server);
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
      deleteWebhook(server);
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

  /**
   * Retention deletes 200 entries a transaction towards its mark, so between two of them the
   * entries up to the mark are partly stored, and the oldest one kept follows no checkpoint. Here
   * entries retention deleted are written back from the middle of its mark on, as they were before
   * the last transaction: the chain still verifies, from the entry after the mark.
   */
  @Test
  @Order(3)
  void whileRetentionDeletesTowardsItsMarkTheChainVerifies(KeycloakServer server) throws Exception {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    try (WebhookReceiver receiver = WebhookReceiver.listening();
        Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId(server));
      Sealed sealed = sealSeveralWhileAWebhookIsDown(server, audit, receiver);
      long first = sealed.first();
      long checkpoint = sealed.checkpoint();
      OptionalLong unchecked = firstSeqWithoutACheckpoint(server, first, checkpoint);
      // Requests sealed by separate drainer runs each get a checkpoint; rarely, so try again.
      for (int retry = 0; retry < 3 && unchecked.isEmpty(); retry++) {
        checkpoint = sealSeveralAndAwaitTheirCheckpoint(server, audit, checkpoint + 1);
        unchecked = firstSeqWithoutACheckpoint(server, first, checkpoint);
      }
      long goneThrough =
          unchecked.orElseThrow(() -> new AssertionError("every entry was checkpointed"));
      List<AuditTables.Entry> going = new ArrayList<>();
      for (long seq = goneThrough + 1; seq <= checkpoint; seq++) {
        going.add(tables.entry(seq));
      }

      receiver.start();
      awaitRetentionThrough(server, checkpoint);
      boolean seenPartlyDeleted = false;
      for (int attempt = 0; attempt < 5 && !seenPartlyDeleted; attempt++) {
        tables.restore(going.toArray(AuditTables.Entry[]::new));
        JsonNode verification = verify(server);
        // Retention may have deleted them again meanwhile; then the check saw nothing new.
        seenPartlyDeleted = tables.exists(going.get(0).id());
        assertTrue(verification.path("intact").asBoolean(), verification::toString);
        assertEquals(
            verification.path("retention_mark").path("through_seq").asLong() + 1,
            verification.path("from_seq").asLong(),
            verification::toString);
      }
      assertTrue(seenPartlyDeleted, "retention deleted the written-back entries every time");
      // And retention deletes them again: they are below its mark, and every sink has them.
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (going.stream().anyMatch(entry -> exists(tables, entry))) {
        assertTrue(System.nanoTime() < deadline, "retention left entries below its mark");
        AuditApi.pause();
      }
    } finally {
      deleteWebhook(server);
    }
  }

  /**
   * Entries deleted by hand beyond retention's mark are named, though a checkpoint older than the
   * limit is just before the oldest entry kept: only the mark, which retention signs, says where
   * retention may have deleted. Retention then holds the realm back, so that its next mark does not
   * cover them, even once every sink has the rest (a webhook that is down holds it back at first).
   */
  @Test
  @Order(4)
  void entriesDeletedBeyondTheRetentionMarkAreNamedAndHoldRetentionBack(KeycloakServer server)
      throws Exception {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    try (WebhookReceiver receiver = WebhookReceiver.listening();
        Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId(server));
      Sealed sealed = sealSeveralWhileAWebhookIsDown(server, audit, receiver);
      long first = sealed.first();
      long checkpoint = sealed.checkpoint();
      // An entry after the checkpoint, which the deleted ones leave unanchored.
      assertEquals(
          200,
          demo.realm().agent().authorize(Map.of("scope", "openid")).status(),
          "one more device request");
      audit.awaitDelivery(
          delivery ->
              delivery.path("last_seq").asLong() > checkpoint
                  && AuditApi.caughtUp(delivery, "file"),
          TIMEOUT);
      long marked = verify(server).path("retention_mark").path("through_seq").asLong();
      assertTrue(marked < first, "the webhook holds retention back");
      List<AuditTables.Entry> deleted = new ArrayList<>();
      for (long seq = marked + 1; seq <= checkpoint; seq++) {
        deleted.add(tables.entry(seq));
      }
      long logStart = Files.size(server.log());
      for (AuditTables.Entry entry : deleted) {
        tables.delete(entry);
      }
      try {
        assertNamed(verify(server), checkpoint + 1, marked);

        receiver.start();
        audit.awaitDelivery(delivery -> AuditApi.caughtUp(delivery, "webhook"), TIMEOUT);
        awaitLog(server, logStart, "retention of realm " + DemoRealm.NAME + " is held back");
        Thread.sleep(6000); // a drainer run after the one that logged
        JsonNode verification = verify(server);
        assertNamed(verification, checkpoint + 1, marked);
        assertEquals(marked, verification.path("retention_mark").path("through_seq").asLong());
      } finally {
        tables.restore(deleted.toArray(AuditTables.Entry[]::new));
      }
      assertTrue(verify(server).path("intact").asBoolean());
      // Restored, the realm is no longer held back.
      awaitRetentionThrough(server, checkpoint);
    } finally {
      deleteWebhook(server);
    }
  }

  /**
   * A chain whose start is gone with no mark covering it (deleted by hand, or by a build of Leash
   * whose retention signed no mark; here the mark's row is deleted) is named, and retention holds
   * the realm back, until an admin acknowledges it: that signs a mark naming the admin, which
   * anchors the oldest entry kept, and retention goes on.
   */
  @Test
  @Order(5)
  void aStartGoneWithoutAMarkHoldsRetentionBackUntilAnAdminAcknowledgesIt(KeycloakServer server)
      throws Exception {
    long deadline = System.nanoTime() + 2 * TIMEOUT.toNanos();
    JsonNode verification = verify(server);
    while (verification.path("from_seq").asLong() <= verification.path("last_seq").asLong()) {
      assertTrue(System.nanoTime() < deadline, "retention kept entries: " + verification);
      AuditApi.pause();
      verification = verify(server);
    }
    long head = verification.path("last_seq").asLong();
    long logStart = Files.size(server.log());
    try (Connection db = openDatabase()) {
      new AuditTables(db, realmId(server)).deleteRetentionMark();
    }
    verification = verify(server);
    assertFalse(verification.path("intact").asBoolean(), verification::toString);
    assertTrue(
        verification.path("anchor").path("note").asText().contains("no retention mark"),
        verification::toString);

    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    WebhookReceiver receiver = WebhookReceiver.listening();
    // Down, it keeps retention from going past the acknowledgement before this test has read it.
    receiver.stop();
    audit.setWebhook(receiver.url(), SECRET);
    try {
      approveAGrant(UUID.randomUUID().toString());
      awaitLog(
          server,
          logStart,
          "retention of realm "
              + DemoRealm.NAME
              + " is held back: entries 1 to "
              + head
              + " are gone");
      Thread.sleep(10_000); // the grant's entries are past the limit, and retention ran again
      verification = verify(server);
      assertTrue(verification.path("retention_mark").isMissingNode(), verification::toString);
      assertEquals(head + 1, verification.path("from_seq").asLong(), "nothing deleted meanwhile");

      assertEquals(
          403,
          new RealmAdminRequests(server, VIEWER)
              .send("POST", "/retention/acknowledge?through=" + head)
              .statusCode(),
          "view-events may not acknowledge");
      String acknowledge =
          "/admin/realms/" + DemoRealm.NAME + "/leash/audit/retention/acknowledge?through=";
      HttpResponse<String> answer = server.admin().send("POST", acknowledge + (head + 1), null);
      assertEquals(409, answer.statusCode(), "not what is gone: " + answer.body());
      answer = server.admin().send("POST", acknowledge + head, null);
      assertEquals(200, answer.statusCode(), answer::body);
      assertEquals(head, Json.parse(answer.body()).path("through_seq").asLong(), answer::body);
      verification = verify(server);
      assertTrue(verification.path("intact").asBoolean(), verification::toString);
      assertEquals(head + 1, verification.path("from_seq").asLong(), verification::toString);
      assertEquals("retention_mark", verification.path("anchor").path("kind").asText());
      String adminId = verification.path("retention_mark").path("acknowledged_by").asText();
      assertEquals(Json.parse(answer.body()).path("acknowledged_by").asText(), adminId);
      assertEquals(
          409, server.admin().send("POST", acknowledge + head, null).statusCode(), "nothing left");

      // Retention goes on from the acknowledged mark.
      receiver.start();
      awaitRetentionThrough(server, head + 1);
      assertTrue(verify(server).path("intact").asBoolean());
    } finally {
      receiver.close();
      deleteWebhook(server);
    }
  }

  /**
   * An entry deleted by hand between retention's mark and the checkpoint it would delete up to next
   * (the oldest entry kept is still there) holds retention back too: retention verifies what its
   * next mark would cover before it signs it.
   */
  @Test
  @Order(6)
  void anEntryDeletedWhereRetentionWouldDeleteNextHoldsItBack(KeycloakServer server)
      throws Exception {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    try (WebhookReceiver receiver = WebhookReceiver.listening();
        Connection db = openDatabase()) {
      AuditTables tables = new AuditTables(db, realmId(server));
      long checkpoint = sealSeveralWhileAWebhookIsDown(server, audit, receiver).checkpoint();
      long marked = verify(server).path("retention_mark").path("through_seq").asLong();
      long logStart = Files.size(server.log());
      AuditTables.Entry middle = tables.entry(marked + 2);
      tables.delete(middle);
      try {
        receiver.start();
        audit.awaitDelivery(delivery -> AuditApi.caughtUp(delivery, "webhook"), TIMEOUT);
        awaitLog(server, logStart, "is held back: entries " + (marked + 1) + " to ");
        Thread.sleep(6000); // a drainer run after the one that logged
        JsonNode verification = verify(server);
        assertFalse(verification.path("intact").asBoolean(), verification::toString);
        assertEquals(
            "sequence number " + (marked + 2) + " is missing before this entry",
            verification.path("first_broken").path("problem").asText(),
            verification::toString);
        assertEquals(marked, verification.path("retention_mark").path("through_seq").asLong());
      } finally {
        tables.restore(middle);
      }
      awaitRetentionThrough(server, checkpoint);
      assertTrue(verify(server).path("intact").asBoolean());
    } finally {
      deleteWebhook(server);
    }
  }

  private static void assertNamed(JsonNode verification, long firstBroken, long marked) {
    assertFalse(verification.path("intact").asBoolean(), verification::toString);
    assertEquals(
        firstBroken,
        verification.path("first_broken").path("seq").asLong(),
        verification::toString);
    assertTrue(
        verification
            .path("anchor")
            .path("note")
            .asText()
            .contains("the retention mark is at entry " + marked + ","),
        verification::toString);
  }

  private static void awaitLog(KeycloakServer server, long from, String text) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.readString(server.log()).substring((int) from).contains(text)) {
      assertTrue(System.nanoTime() < deadline, "the server never logged: " + text);
      AuditApi.pause();
    }
  }

  /** Entries sealed from {@code first} on, and the checkpoint at the last of them. */
  private record Sealed(long first, long checkpoint) {}

  /**
   * Sets a webhook whose receiver is down, which holds retention back from what it lacks, then
   * seals several entries ({@link #sealSeveralAndAwaitTheirCheckpoint}).
   */
  private static Sealed sealSeveralWhileAWebhookIsDown(
      KeycloakServer server, AuditApi audit, WebhookReceiver receiver) throws InterruptedException {
    receiver.stop();
    audit.setWebhook(receiver.url(), SECRET);
    long first = audit.delivery().path("last_seq").asLong() + 1;
    return new Sealed(first, sealSeveralAndAwaitTheirCheckpoint(server, audit, first));
  }

  /**
   * Three device requests at once (sealed together, so not every one gets a checkpoint), then waits
   * until the file sink has them, a checkpoint was signed at the head, and it is older than the
   * limit. Returns the checkpoint's sequence number.
   */
  private static long sealSeveralAndAwaitTheirCheckpoint(
      KeycloakServer server, AuditApi audit, long first) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      OAuthResponse authorization =
          demo.realm()
              .agent()
              .authorize(Map.of("scope", "openid", "agent_instance", UUID.randomUUID().toString()));
      assertEquals(200, authorization.status(), authorization::toString);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode delivery = audit.delivery();
      long head = delivery.path("last_seq").asLong();
      JsonNode checkpoints = server.admin().get(auditPath("/checkpoints?from=" + head));
      if (head >= first + 2 && AuditApi.caughtUp(delivery, "file") && checkpoints.size() > 0) {
        Thread.sleep(4000); // older than the limit
        return checkpoints.get(0).path("seq").asLong();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No checkpoint at the head: " + delivery);
      }
      AuditApi.pause();
    }
  }

  /** The first sequence number from {@code from} to below {@code to} with no checkpoint. */
  private static OptionalLong firstSeqWithoutACheckpoint(
      KeycloakServer server, long from, long to) {
    Set<Long> checkpointed = new HashSet<>();
    for (JsonNode checkpoint : server.admin().get(auditPath("/checkpoints?from=" + from))) {
      checkpointed.add(checkpoint.path("seq").asLong());
    }
    for (long seq = from; seq < to; seq++) {
      if (!checkpointed.contains(seq)) {
        return OptionalLong.of(seq);
      }
    }
    return OptionalLong.empty();
  }

  private static boolean exists(AuditTables tables, AuditTables.Entry entry) {
    try {
      return tables.exists(entry.id());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitRetentionThrough(KeycloakServer server, long seq) {
    long deadline = System.nanoTime() + 3 * TIMEOUT.toNanos();
    JsonNode verification = verify(server);
    while (verification.path("retention_mark").path("through_seq").asLong() < seq
        || verification.path("from_seq").asLong() <= seq) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Retention did not reach " + seq + ": " + verification);
      }
      AuditApi.pause();
      verification = verify(server);
    }
  }

  private static void deleteWebhook(KeycloakServer server) {
    server.admin().send("DELETE", "/admin/realms/" + DemoRealm.NAME + "/leash/audit/webhook", null);
  }

  private static String auditPath(String path) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + path;
  }

  private static String realmId(KeycloakServer server) {
    return server.admin().get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
  }

  private static Connection openDatabase() throws SQLException {
    Path file = Path.of(System.getProperty("leash.keycloak.home"), "data/h2/leash-retention-it");
    return DriverManager.getConnection(
        "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
        "sa",
        "leash-it");
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
