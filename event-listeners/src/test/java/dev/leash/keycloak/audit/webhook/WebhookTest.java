package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.audit.sink.EntryFormat;
import org.junit.jupiter.api.Test;

class WebhookTest {

  @Test
  void itsTextNeverShowsTheSecret() {
    String secret = "s3cr3t-".repeat(6);
    assertFalse(
        new Webhook("w", "r", "siem", "https://a.example/", secret, EntryFormat.OCSF, 0)
            .toString()
            .contains(secret));
  }

  @Test
  void secretsAreLongVisibleAscii() {
    assertTrue(Webhook.secretProblem("a".repeat(32)).isEmpty());
    assertTrue(Webhook.secretProblem("a".repeat(256)).isEmpty());
    assertTrue(Webhook.secretProblem("a".repeat(31)).isPresent());
    assertTrue(Webhook.secretProblem("a".repeat(257)).isPresent());
    assertTrue(Webhook.secretProblem("a".repeat(31) + " ").isPresent());
    assertTrue(Webhook.secretProblem("a".repeat(31) + "\u00e9").isPresent());
    assertTrue(Webhook.secretProblem(null).isPresent());
  }

  @Test
  void theDefaultWebhookKeepsTheSinkIdOfTheTimeARealmHadOne() {
    assertEquals("webhook", Webhook.sinkId(Webhook.DEFAULT_NAME));
    assertEquals("webhook:siem", Webhook.sinkId("siem"));
  }

  @Test
  void namesAreShortLowerCaseWords() {
    assertTrue(Webhook.nameProblem("siem").isEmpty());
    assertTrue(Webhook.nameProblem("siem-2").isEmpty());
    assertTrue(Webhook.nameProblem("a".repeat(40)).isEmpty());
    assertTrue(Webhook.nameProblem("a".repeat(41)).isPresent());
    assertTrue(Webhook.nameProblem("-siem").isPresent());
    assertTrue(Webhook.nameProblem("SIEM").isPresent());
    assertTrue(Webhook.nameProblem("a/b").isPresent());
    assertTrue(Webhook.nameProblem("").isPresent());
    assertTrue(Webhook.nameProblem(null).isPresent());
  }

  @Test
  void theOriginLeavesOutThePathAndQueryThatMayHoldTheReceiversCredential() {
    assertEquals(
        "https://hooks.example.com/…",
        Webhook.origin("https://hooks.example.com/services/T0/B0/secret-token?key=abc"));
    assertEquals("http://127.0.0.1:8443/…", Webhook.origin("http://127.0.0.1:8443/leash"));
    assertEquals("https://[::1]/…", Webhook.origin("https://[::1]/x"));
    assertEquals("…", Webhook.origin("not a url"));
    assertEquals("…", Webhook.origin(null));
  }
}
