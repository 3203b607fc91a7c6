package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import dev.leash.keycloak.testsupport.WebhookReceiver.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit webhook on a real server, next to the file sink: a receiver on 127.0.0.1 that goes
 * down, comes back, answers slowly or refuses an entry. Every entry arrives once after
 * deduplication by CloudEvents {@code id} (duplicates only as byte-identical retries), in sequence
 * order, signed as docs/audit.md says, and checked with the code docs/audit.md shows.
 */
@LeashKeycloakTest
class AuditWebhookIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SECRET = "it-" + "5f0c2a9e81d34b7c".repeat(3);
  private static final TestUser APPROVER = TestUser.withPassword("wh-approver", "approver-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
          });

  private static WebhookReceiver receiver;
  private static AuditApi audit;

  @BeforeAll
  static void pointTheRealmAtAReceiver(KeycloakServer server) {
    receiver = WebhookReceiver.listening();
    audit = new AuditApi(server.admin(), DemoRealm.NAME);
    audit.setWebhook(receiver.url(), SECRET);
  }

  @AfterAll
  static void stopTheReceiver() {
    receiver.close();
  }

  @Test
  void entriesWaitWhileTheReceiverIsDownAndArriveOnceInOrderWhenItIsBack() throws Exception {
    String instance = UUID.randomUUID().toString();
    receiver.stop();
    try {
      approveAndFetchTokens(instance);
      JsonNode outage =
          audit.awaitDelivery(delivery -> AuditApi.failing(delivery, "webhook"), TIMEOUT);
      assertTrue(
          audit.sink("webhook").path("last_error").asText().startsWith("Cannot reach"),
          outage::toString);
      audit.awaitDelivery(delivery -> AuditApi.caughtUp(delivery, "file"), TIMEOUT);
    } finally {
      receiver.start();
    }

    awaitAccepted(event -> isApprovedWithTokens(event, instance));
    JsonNode delivery =
        audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    assertEveryEntryOnceInOrder(delivery);
  }

  @Test
  void aSlowReceiverDoesNotHoldUpApprovalsOrPolls() {
    String instance = UUID.randomUUID().toString();
    receiver.answerAfter(Duration.ofSeconds(3));
    try {
      approveAndFetchTokens(instance);
      awaitAccepted(event -> isApprovedWithTokens(event, instance));
    } finally {
      receiver.answerAfter(Duration.ZERO);
    }
  }

  @Test
  void anEntryTheReceiverRefusesIsDeadLetteredAndDeliveryGoesOn() {
    String refused = UUID.randomUUID().toString();
    audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    receiver.answerNextWith(422);
    demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", refused));

    JsonNode delivery =
        audit.awaitDelivery(
            state -> deadLetteredSeqs(state).size() > 0 && AuditApi.caughtUp(state, "webhook"),
            TIMEOUT);
    JsonNode letter = delivery.path("dead_letters").get(0);
    assertEquals("webhook", letter.path("sink").asText(), delivery::toString);
    assertEquals("HTTP 422: the receiver refused the entry", letter.path("error").asText());

    String later = UUID.randomUUID().toString();
    demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", later));
    awaitAccepted(event -> later.equals(claimedInstance(event)));
  }

  @Test
  void theSecretIsNeverAnsweredNorLogged(KeycloakServer server) throws Exception {
    JsonNode webhook = Json.parse(audit.get("/webhook").body());
    assertEquals(receiver.url().toString(), webhook.path("url").asText());
    assertFalse(webhook.toString().contains(SECRET), webhook::toString);
    AdminClient admin = server.admin();
    assertFalse(
        admin.send("GET", "/admin/realms/" + DemoRealm.NAME, null).body().contains(SECRET),
        "the realm representation does not hold the secret");

    assertEquals(
        400,
        audit.putWebhook(Map.of("url", "http://siem.example.com/leash", "secret", SECRET))
            .statusCode(),
        "plain http:// only to loopback");
    assertEquals(
        400,
        audit.putWebhook(Map.of("url", receiver.url().toString(), "secret", "too-short"))
            .statusCode());
    assertEquals(
        204,
        audit.putWebhook(Map.of("url", receiver.url().toString())).statusCode(),
        "without a secret, the current one is kept");

    Path log =
        Path.of(
            System.getProperty("leash.it.log-dir"),
            "keycloak-" + server.baseUri().getPort() + ".log");
    assertFalse(Files.readString(log).contains(SECRET), "the server log never has the secret");
  }

  @Test
  void theDocumentedVerifierIsTheOneThisTestRuns() throws Exception {
    Path root = Path.of(System.getProperty("leash.repo.root"));
    String documented = javaBlockAfter(Files.readString(root.resolve("docs/audit.md")), MARKER);
    String tested =
        Files.readString(
            root.resolve("pack/src/test/java/dev/leash/keycloak/pack/LeashSignature.java"));
    assertEquals(tested.substring(tested.indexOf("import ")).strip(), documented.strip());
  }

  /** The line in docs/audit.md above the verification example. */
  private static final String MARKER = "<!-- verification example: LeashSignature.java -->";

  private static String javaBlockAfter(String markdown, String marker) {
    int start = markdown.indexOf("```java\n", markdown.indexOf(marker)) + "```java\n".length();
    return markdown.substring(start, markdown.indexOf("```", start));
  }

  /**
   * Every sealed entry reached the receiver exactly once after deduplication by {@code id}, in
   * sequence order, except those dead-lettered; a duplicate is a byte-identical retry; every
   * request is signed and each entry links to the one before it.
   */
  private static void assertEveryEntryOnceInOrder(JsonNode delivery) throws Exception {
    Set<Long> deadLettered = deadLetteredSeqs(delivery);
    Map<String, byte[]> firstBodies = new HashMap<>();
    long expectedSeq = 1;
    String previousHash = null;
    for (Delivery request : receiver.deliveries()) {
      assertTrue(
          LeashSignature.verify(request.signature(), request.body(), SECRET, request.receivedAt()),
          request::signature);
      assertEquals("application/cloudevents+json; charset=utf-8", request.contentType());
      if (!request.accepted()) {
        continue;
      }
      JsonNode event = Json.parse(request.bodyText());
      String id = event.path("id").asText();
      if (firstBodies.containsKey(id)) {
        assertArrayEquals(firstBodies.get(id), request.body(), "a duplicate is an exact retry");
        continue;
      }
      firstBodies.put(id, request.body());
      while (deadLettered.contains(expectedSeq)) {
        expectedSeq++;
        previousHash = null;
      }
      JsonNode entry = event.path("data");
      assertEquals(expectedSeq, entry.path("seq").asLong(), "in sequence order, none missing");
      assertEquals(entry.path("entry_id").asText(), id);
      assertEquals("1.0", event.path("specversion").asText());
      assertTrue(event.path("type").asText().startsWith("dev.leash.audit."), event::toString);
      assertEquals("urn:leash:audit:" + entry.path("realm_id").asText(), event.path("source").asText());
      assertEquals("application/json", event.path("datacontenttype").asText());
      assertTrue(event.has("time"), event::toString);
      if (previousHash != null) {
        assertEquals(previousHash, entry.path("prev_hash").asText(), "the chain links");
      }
      previousHash = entry.path("hash").asText();
      expectedSeq++;
    }
    long lastSeq = delivery.path("last_seq").asLong();
    assertEquals(lastSeq - deadLettered.size(), firstBodies.size(), delivery::toString);
  }

  private static Set<Long> deadLetteredSeqs(JsonNode delivery) {
    Set<Long> seqs = new HashSet<>();
    for (JsonNode letter : delivery.path("dead_letters")) {
      if ("webhook".equals(letter.path("sink").asText())) {
        seqs.add(letter.path("seq").asLong());
      }
    }
    return seqs;
  }

  private static void approveAndFetchTokens(String instance) {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  /** Waits until the receiver accepted an event that {@code wanted} matches. */
  private static void awaitAccepted(Predicate<JsonNode> wanted) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Delivery request : receiver.deliveries()) {
        if (request.accepted() && wanted.test(Json.parse(request.bodyText()))) {
          return;
        }
      }
      AuditApi.pause();
    }
    List<Delivery> received = receiver.deliveries();
    throw new AssertionError(
        "No such event among " + received.size() + " requests; delivery: " + audit.delivery());
  }

  private static boolean isApprovedWithTokens(JsonNode event, String instance) {
    JsonNode record = event.at("/data/record");
    return instance.equals(claimedInstance(event))
        && "approved".equals(record.path("outcome").asText())
        && record.path("tokens").size() == 1;
  }

  private static String claimedInstance(JsonNode event) {
    return event.at("/data/record/device/claimed/agent_instance").asText(null);
  }
}
