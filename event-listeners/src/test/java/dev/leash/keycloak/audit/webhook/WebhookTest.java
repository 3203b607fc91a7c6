package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookTest {

  @Test
  void itsTextNeverShowsTheSecret() {
    String secret = "s3cr3t-".repeat(6);
    assertFalse(new Webhook("r", "https://a.example/", secret, 0).toString().contains(secret));
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
}
