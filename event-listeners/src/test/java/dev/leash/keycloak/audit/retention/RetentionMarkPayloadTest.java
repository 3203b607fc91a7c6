package dev.leash.keycloak.audit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionMarkPayloadTest {

  private static final String HASH = "ab".repeat(32);
  private static final String ZEROS =
      "0000000000000000000000000000000000000000000000000000000000000000";

  @Test
  void retentionsOwnMarkIsCanonicalJsonAndReadsBack() {
    RetentionMarkPayload payload =
        new RetentionMarkPayload("realm-id", 1000, HASH, 1_800_000_000L, null);

    String json = new String(payload.bytes(), StandardCharsets.UTF_8);

    assertEquals(
        "{\"hash\":\""
            + HASH
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"realm-id\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        json);
    assertEquals(Optional.of(payload), RetentionMarkPayload.parse(payload.bytes()));
  }

  @Test
  void anAcknowledgementNamesTheAdmin() {
    RetentionMarkPayload payload =
        new RetentionMarkPayload("realm-id", 41, HASH, 1_800_000_000L, "admin-id");

    assertTrue(
        new String(payload.bytes(), StandardCharsets.UTF_8)
            .startsWith("{\"acknowledged_by\":\"admin-id\","));
    assertEquals(Optional.of(payload), RetentionMarkPayload.parse(payload.bytes()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        // A checkpoint's payload, signed by the same key, is no mark.
        "{\"created_at\":\"2027-01-15T08:00:00Z\",\"hash\":\""
            + ZEROS
            + "\","
            + "\"realm_id\":\"r\",\"schema\":\"leash.audit-checkpoint/1\",\"seq\":1}",
        "{\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1.5}",
        "{\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":\"1000\"}",
        "{\"hash\":\"XYZ\",\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        "{\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        "{\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"later\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        "{\"acknowledged_by\":7,\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\","
            + "\"realm_id\":\"r\",\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1}",
        // The right claims among others, as in a token of the realm's with hardcoded claims.
        "{\"exp\":1800000300,\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\","
            + "\"realm_id\":\"r\",\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1}",
        // The right claims, not in canonical form.
        "{\"schema\":\"leash.audit-retention-mark/1\",\"realm_id\":\"r\",\"through_seq\":1000,"
            + "\"hash\":\""
            + ZEROS
            + "\",\"marked_at\":\"2027-01-15T08:00:00Z\"}",
      })
  void refusesWhatIsNotARetentionMark(String content) {
    assertTrue(RetentionMarkPayload.parse(content.getBytes(StandardCharsets.UTF_8)).isEmpty());
  }
}
