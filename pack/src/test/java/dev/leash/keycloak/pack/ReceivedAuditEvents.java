package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import dev.leash.keycloak.testsupport.WebhookReceiver.Delivery;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What a {@link WebhookReceiver} got from Leash's audit webhook, checked as a receiver would. */
final class ReceivedAuditEvents {

  private final WebhookReceiver receiver;
  private final String secret;

  ReceivedAuditEvents(WebhookReceiver receiver, String secret) {
    this.receiver = receiver;
    this.secret = secret;
  }

  /** Waits until the receiver accepted an event that {@code wanted} matches. */
  void awaitAccepted(Predicate<JsonNode> wanted, Duration timeout, Supplier<Object> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Delivery request : receiver.deliveries()) {
        if (request.accepted() && wanted.test(Json.parse(request.bodyText()))) {
          return;
        }
      }
      AuditApi.pause();
    }
    throw new AssertionError(
        "No such event among "
            + receiver.deliveries().size()
            + " requests; delivery: "
            + context.get());
  }

  /**
   * Every sealed entry of {@code delivery} (the admin API's delivery state) reached the receiver
   * exactly once after deduplication by {@code id}, in sequence order, except those dead-lettered;
   * a duplicate is a byte-identical retry; every request is a signed CloudEvent and each entry
   * links to the one before it.
   */
  void assertEveryEntryOnceInOrder(JsonNode delivery) throws Exception {
    Set<Long> deadLettered = deadLetteredSeqs(delivery);
    Map<String, byte[]> firstBodies = new HashMap<>();
    long expectedSeq = 1;
    String previousHash = null;
    for (Delivery request : receiver.deliveries()) {
      assertTrue(
          LeashSignature.verify(request.signature(), request.body(), secret, request.receivedAt()),
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
      // In the OCSF format, the entry travels in the OCSF event's unmapped.leash_entry.
      JsonNode entry =
          event.has("dataschema") ? event.at("/data/unmapped/leash_entry") : event.path("data");
      assertEquals(expectedSeq, entry.path("seq").asLong(), "in sequence order, none missing");
      assertEquals(entry.path("entry_id").asText(), id);
      assertEquals("1.0", event.path("specversion").asText());
      assertTrue(event.path("type").asText().startsWith("dev.leash.audit."), event::toString);
      assertEquals(
          "urn:leash:audit:" + entry.path("realm_id").asText(), event.path("source").asText());
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

  /** Sequence numbers the webhook dead-lettered, in a delivery state. */
  static Set<Long> deadLetteredSeqs(JsonNode delivery) {
    Set<Long> seqs = new HashSet<>();
    for (JsonNode letter : delivery.path("dead_letters")) {
      if ("webhook".equals(letter.path("sink").asText())) {
        seqs.add(letter.path("seq").asLong());
      }
    }
    return seqs;
  }

  /** Whether {@code event} is the approved grant of the agent instance, with its tokens. */
  static boolean isApprovedWithTokens(JsonNode event, String instance) {
    JsonNode record = event.at("/data/record");
    return instance.equals(claimedInstance(event))
        && "approved".equals(record.path("outcome").asText())
        && record.path("tokens").size() == 1;
  }

  static String claimedInstance(JsonNode event) {
    return event.at("/data/record/device/claimed/agent_instance").asText(null);
  }
}
