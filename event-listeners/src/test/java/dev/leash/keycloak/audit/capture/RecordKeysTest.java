package dev.leash.keycloak.audit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordKeysTest {

  private static final String APPROVAL_ID = "4b0e8f2c-3d1a-4f6b-9c7e-2a5d8e1f0b3c";

  @Test
  void keysThatFitAreAsBefore() {
    assertEquals("grant:demo-agent:" + APPROVAL_ID, RecordKeys.grant("demo-agent", APPROVAL_ID));
  }

  @Test
  void theLongestKeyThatFitsIsKeptAndOneCharacterMoreIsHashed() {
    String longest = "a".repeat(RecordKeys.MAX_LENGTH - "grant:".length() - 1 - 36);
    assertEquals("grant:" + longest + ":" + APPROVAL_ID, RecordKeys.grant(longest, APPROVAL_ID));
    assertTrue(RecordKeys.grant(longest + "a", APPROVAL_ID).startsWith("grant-sha256:"));
  }

  @ParameterizedTest
  @ValueSource(ints = {213, 255, 10_000})
  void everyClientIdGetsAKeyThatFits(int length) {
    String key = RecordKeys.grant("c".repeat(length), APPROVAL_ID);
    assertTrue(key.length() <= RecordKeys.MAX_LENGTH, key);
    assertEquals(key, RecordKeys.grant("c".repeat(length), APPROVAL_ID), "stable");
  }

  @Test
  void hashedKeysKeepAgentsAndGrantsApart() {
    String agent = "x".repeat(250);
    assertNotEquals(RecordKeys.grant(agent, "a"), RecordKeys.grant(agent + "y", "a"));
    assertNotEquals(RecordKeys.grant(agent, "a"), RecordKeys.grant(agent, "b"));
    assertNotEquals(
        RecordKeys.grant(agent + ":b", "c"),
        RecordKeys.grant(agent, "b:c"),
        "a colon moved between the parts makes another key");
  }

  @Test
  void anOverlongApprovalIdStillFits() {
    assertTrue(RecordKeys.grant("demo-agent", "i".repeat(2000)).length() <= RecordKeys.MAX_LENGTH);
  }
}
