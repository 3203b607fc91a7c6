package dev.leash.keycloak.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointPayloadTest {

  private static final String HASH = "ab".repeat(32);

  @Test
  void signsCanonicalJsonAndReadsItBack() {
    CheckpointPayload payload = new CheckpointPayload("realm-id", 42, HASH, 1_800_000_000L);

    String json = new String(payload.bytes(), StandardCharsets.UTF_8);

    assertEquals(
        "{\"created_at\":\"2027-01-15T08:00:00Z\",\"hash\":\""
            + HASH
            + "\",\"realm_id\":\"realm-id\",\"schema\":\"leash.audit-checkpoint/1\",\"seq\":42}",
        json);
    assertEquals(Optional.of(payload), CheckpointPayload.parse(payload.bytes()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{\"schema\":\"leash.audit-checkpoint/2\",\"realm_id\":\"r\",\"seq\":1,"
            + "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"created_at\":\"2027-01-15T08:00:00Z\"}",
        "{\"schema\":\"leash.audit-checkpoint/1\",\"realm_id\":\"r\",\"seq\":1.5,"
            + "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"created_at\":\"2027-01-15T08:00:00Z\"}",
        "{\"schema\":\"leash.audit-checkpoint/1\",\"realm_id\":\"r\",\"seq\":1,"
            + "\"hash\":\"XYZ\",\"created_at\":\"2027-01-15T08:00:00Z\"}",
        "{\"schema\":\"leash.audit-checkpoint/1\",\"realm_id\":\"r\",\"seq\":1,"
            + "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"created_at\":\"yesterday\"}",
        // The right claims among others, as in a token of the realm's with hardcoded claims.
        "{\"created_at\":\"2027-01-15T08:00:00Z\",\"exp\":1800000300,\"hash\":"
            + "\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"realm_id\":\"r\",\"schema\":\"leash.audit-checkpoint/1\",\"seq\":1}",
        // The right claims, not in canonical form.
        "{\"schema\":\"leash.audit-checkpoint/1\",\"realm_id\":\"r\",\"seq\":1,"
            + "\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
            + "\"created_at\":\"2027-01-15T08:00:00Z\"}",
      })
  void refusesWhatIsNotACheckpoint(String content) {
    assertTrue(CheckpointPayload.parse(content.getBytes(StandardCharsets.UTF_8)).isEmpty());
  }
}
