package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook signature check docs/audit.md shows ({@link LeashSignature}) refuses every delivery
 * it must refuse. The signed delivery is the one {@code WebhookSignatureTest} pins for Leash's
 * signer, its MAC computed independently (Python's hmac module).
 */
class LeashSignatureTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final long SIGNED_AT = 1700000000L;
  private static final String MAC =
      "aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0";
  private static final String HEADER = "t=" + SIGNED_AT + ",v1=" + MAC;
  private static final byte[] BODY = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void acceptsTheDeliveryAsSigned() throws Exception {
    assertTrue(LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT));
  }

  @Test
  void acceptsAClockUpToTheToleranceAwayEitherSide() throws Exception {
    long tolerance = LeashSignature.TOLERANCE_SECONDS;
    assertTrue(LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT + tolerance));
    assertTrue(LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT - tolerance));
  }

  @Test
  void refusesAnotherSecret() throws Exception {
    assertFalse(LeashSignature.verify(HEADER, BODY, SECRET.replace('0', '1'), SIGNED_AT));
    assertFalse(LeashSignature.verify(HEADER, BODY, SECRET + "x", SIGNED_AT));
  }

  @Test
  void refusesAnAlteredBody() throws Exception {
    assertFalse(LeashSignature.verify(HEADER, bytes("{\"id\":\"e-2\"}"), SECRET, SIGNED_AT));
    assertFalse(LeashSignature.verify(HEADER, bytes("{\"id\": \"e-1\"}"), SECRET, SIGNED_AT));
    assertFalse(LeashSignature.verify(HEADER, bytes("{\"id\":\"e-1\"}\n"), SECRET, SIGNED_AT));
    assertFalse(LeashSignature.verify(HEADER, new byte[0], SECRET, SIGNED_AT));
  }

  @Test
  void refusesAnAlteredTimestamp() throws Exception {
    // A replay with a fresh time: the time is signed, so the old signature no longer fits.
    long later = SIGNED_AT + 3600;
    assertFalse(LeashSignature.verify("t=" + later + ",v1=" + MAC, BODY, SECRET, later));
    assertFalse(LeashSignature.verify("t=" + (SIGNED_AT + 1) + ",v1=" + MAC, BODY, SECRET, later));
    assertFalse(
        LeashSignature.verify("t=0" + SIGNED_AT + ",v1=" + MAC, BODY, SECRET, SIGNED_AT),
        "a leading zero is another signed text");
  }

  @Test
  void refusesAReplayOutsideTheTolerance() throws Exception {
    long tolerance = LeashSignature.TOLERANCE_SECONDS;
    assertFalse(LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT + tolerance + 1));
    assertFalse(LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT + 86_400));
    assertFalse(
        LeashSignature.verify(HEADER, BODY, SECRET, SIGNED_AT - tolerance - 1),
        "a time far ahead of the receiver's clock");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "t=1700000000",
        "v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=17e8,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=-1700000000,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=1700000000000,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=1700000000,v1=",
        "t=1700000000,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e",
        "t=1700000000,v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e00",
        "t=1700000000,v1=AFF736A4DE59C25AB7942A6B923D1E8043AE034DEF7EECD795602ADD624B74E0",
        "t=1700000000,v1=zff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=1700000000;v1=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "t=1700000000,v0=aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        "1700000000,aff736a4de59c25ab7942a6b923d1e8043ae034def7eecd795602add624b74e0",
        ","
      })
  void refusesAMalformedHeaderWithoutThrowing(String header) throws Exception {
    assertFalse(LeashSignature.verify(header, BODY, SECRET, SIGNED_AT));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
