package dev.leash.keycloak.audit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionMarkPayloadTest {

  @Test
  void signsCanonicalJsonAndReadsItBack() {
    RetentionMarkPayload payload = new RetentionMarkPayload("realm-id", 1000, 1_800_000_000L);

    String json = new String(payload.bytes(), StandardCharsets.UTF_8);

    assertEquals(
        "{\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"realm-id\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        json);
    assertEquals(Optional.of(payload), RetentionMarkPayload.parse(payload.bytes()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        // A checkpoint's payload, signed by the same key, is no mark.
        "{\"created_at\":\"2027-01-15T08:00:00Z\",\"hash\":"
            + "\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"realm_id\":\"r\",\"schema\":\"leash.audit-checkpoint/1\",\"seq\":1}",
        "{\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1.5}",
        "{\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":\"1000\"}",
        "{\"marked_at\":\"later\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        // The right claims among others, as in a token of the realm's with hardcoded claims.
        "{\"exp\":1800000300,\"marked_at\":\"2027-01-15T08:00:00Z\",\"realm_id\":\"r\","
            + "\"schema\":\"leash.audit-retention-mark/1\",\"through_seq\":1000}",
        // The right claims, not in canonical form.
        "{\"schema\":\"leash.audit-retention-mark/1\",\"realm_id\":\"r\",\"through_seq\":1000,"
            + "\"marked_at\":\"2027-01-15T08:00:00Z\"}",
      })
  void refusesWhatIsNotARetentionMark(String content) {
    assertTrue(RetentionMarkPayload.parse(content.getBytes(StandardCharsets.UTF_8)).isEmpty());
  }
}
