package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  @Test
  void signsTheTimestampDotBodyWithHmacSha256() {
    // Expected value computed independently (Python's hmac module).
    assertEquals(
        "t=1700000000,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        WebhookSignature.header(
            "0123456789abcdef0123456789abcdef",
            1700000000L,
            "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
