package dev.leash.keycloak.pack;

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
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit webhook on a real server, next to the file sink: a receiver on 127.0.0.1 that goes
 * down, comes back, holds a delivery unanswered or refuses an entry. Every entry arrives once after
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
  private static ReceivedAuditEvents received;
  private static AuditApi audit;

  @BeforeAll
  static void pointTheRealmAtAReceiver(KeycloakServer server) {
    receiver = WebhookReceiver.listening();
    received = new ReceivedAuditEvents(receiver, SECRET);
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

    awaitAccepted(event -> ReceivedAuditEvents.isApprovedWithTokens(event, instance));
    JsonNode delivery = audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    received.assertEveryEntryOnceInOrder(delivery);
  }

  /**
   * Causal, not timed: while the receiver holds a delivery unanswered, a whole device flow (ask,
   * approve, poll for tokens) completes. Were entries sent on the request's thread, the flow would
   * wait for the receiver's answer, which only comes after it.
   */
  @Test
  void aReceiverHoldingADeliveryHoldsUpNoApprovalOrPoll() throws Exception {
    audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    String instance = UUID.randomUUID().toString();
    receiver.hold();
    try {
      demo.realm()
          .agent()
          .authorize(Map.of("scope", "openid", "agent_instance", UUID.randomUUID().toString()));
      receiver.awaitHeldRequest(TIMEOUT);

      approveAndFetchTokens(instance);

      assertEquals(1, receiver.heldRequests(), "the delivery is still in flight");
      assertTrue(
          receiver.deliveries().stream()
              .map(request -> Json.parse(request.bodyText()))
              .noneMatch(event -> instance.equals(ReceivedAuditEvents.claimedInstance(event))),
          "nothing of the flow was answered yet");
    } finally {
      receiver.release();
    }

    awaitAccepted(event -> ReceivedAuditEvents.isApprovedWithTokens(event, instance));
    JsonNode delivery = audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    received.assertEveryEntryOnceInOrder(delivery);
  }

  @Test
  void anEntryTheReceiverRefusesIsDeadLetteredAndDeliveryGoesOn(KeycloakServer server) {
    String refused = UUID.randomUUID().toString();
    audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);
    receiver.answerNextWith(422);
    demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", refused));

    JsonNode delivery =
        audit.awaitDelivery(
            state ->
                !ReceivedAuditEvents.deadLetteredSeqs(state).isEmpty()
                    && AuditApi.caughtUp(state, "webhook"),
            TIMEOUT);
    JsonNode letter = delivery.path("dead_letters").get(0);
    assertEquals("webhook", letter.path("sink").asText(), delivery::toString);
    assertEquals("HTTP 422: the receiver refused the entry", letter.path("error").asText());

    String later = UUID.randomUUID().toString();
    demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", later));
    awaitAccepted(event -> later.equals(ReceivedAuditEvents.claimedInstance(event)));
    assertTrue(
        PrometheusText.scrape(server.managementUri())
                .value(
                    "leash_audit_dead_letters_total",
                    Map.of("realm", DemoRealm.NAME, "sink", "webhook"))
                .orElse(0)
            >= 1);
  }

  @Test
  void leashMetricsAppearOnTheManagementPort(KeycloakServer server) throws Exception {
    String instance = UUID.randomUUID().toString();
    approveAndFetchTokens(instance);
    OAuthResponse another = demo.realm().agent().authorize("openid");
    DeviceFlowClient thief = demo.realm().agent().from(InetAddress.getByName("127.0.0.2"));
    assertEquals("invalid_grant", thief.poll(another.deviceCode()).error());
    awaitAccepted(event -> ReceivedAuditEvents.isApprovedWithTokens(event, instance));
    audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook"), TIMEOUT);

    PrometheusText metrics = PrometheusText.scrape(server.managementUri());
    assertTrue(
        metrics
                .value(
                    "leash_device_grants_total",
                    Map.of("realm", DemoRealm.NAME, "outcome", "approved"))
                .orElse(0)
            >= 1,
        metrics::toString);
    assertTrue(
        metrics
                .value(
                    "leash_device_polls_rejected_total",
                    Map.of("realm", DemoRealm.NAME, "reason", "leash_binding_mismatch"))
                .orElse(0)
            >= 1,
        metrics::toString);
    Map<String, String> webhook = Map.of("realm", DemoRealm.NAME, "sink", "webhook");
    assertTrue(
        metrics.value("leash_audit_delivery_latency_seconds_count", webhook).orElse(0) >= 1,
        metrics::toString);
    assertTrue(metrics.value("leash_audit_outbox_depth", webhook).isPresent(), metrics::toString);
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
        audit
            .putWebhook(Map.of("url", "http://siem.example.com/leash", "secret", SECRET))
            .statusCode(),
        "plain http:// only to loopback");
    assertEquals(
        400,
        audit
            .putWebhook(Map.of("url", receiver.url().toString(), "secret", "too-short"))
            .statusCode());
    assertEquals(
        204,
        audit.putWebhook(Map.of("url", receiver.url().toString())).statusCode(),
        "without a secret, the current one is kept");

    assertFalse(
        Files.readString(server.log()).contains(SECRET), "the server log never has the secret");
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

  private static void approveAndFetchTokens(String instance) {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  private static void awaitAccepted(Predicate<JsonNode> wanted) {
    received.awaitAccepted(wanted, TIMEOUT, audit::delivery);
  }
}
