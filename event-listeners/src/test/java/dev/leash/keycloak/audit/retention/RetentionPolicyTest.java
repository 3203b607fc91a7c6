package dev.leash.keycloak.audit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final List<Long> CHECKPOINTS = List.of(30L, 20L, 10L);

  @Test
  void deletesUpToTheNewestOldCheckpointEverySinkIsPast() {
    assertEquals(
        20,
        RetentionPolicy.deletableThrough(
            CHECKPOINTS,
            Set.of("file", "webhook"),
            Map.of("file", 41L, "webhook", 25L),
            Long.MAX_VALUE));
  }

  @Test
  void aCheckpointEntryTheSlowestSinkLacksIsKept() {
    assertEquals(
        20,
        RetentionPolicy.deletableThrough(
            CHECKPOINTS, Set.of("file"), Map.of("file", 30L), Long.MAX_VALUE));
    assertEquals(
        30,
        RetentionPolicy.deletableThrough(
            CHECKPOINTS, Set.of("file"), Map.of("file", 31L), Long.MAX_VALUE));
  }

  @Test
  void aSinkWithNoProgressYetKeepsEverything() {
    assertEquals(
        0,
        RetentionPolicy.deletableThrough(
            CHECKPOINTS, Set.of("file", "webhook"), Map.of("file", 41L), Long.MAX_VALUE));
  }

  @Test
  void deadLettersAndWhatFollowsAreKept() {
    assertEquals(
        10, RetentionPolicy.deletableThrough(CHECKPOINTS, Set.of("file"), Map.of("file", 41L), 15));
    assertEquals(
        0, RetentionPolicy.deletableThrough(CHECKPOINTS, Set.of("file"), Map.of("file", 41L), 10));
  }

  @Test
  void withoutOldCheckpointsNothingGoes() {
    assertEquals(
        0,
        RetentionPolicy.deletableThrough(
            List.of(), Set.of("file"), Map.of("file", 41L), Long.MAX_VALUE));
  }

  @Test
  void aRealmWithoutSinksKeepsOnlyWhatIsYoungerThanTheLimit() {
    assertEquals(
        30, RetentionPolicy.deletableThrough(CHECKPOINTS, Set.of(), Map.of(), Long.MAX_VALUE));
  }

  @Test
  void zeroKeepsEverythingForever() {
    assertFalse(new RetentionPolicy(0).enabled());
    assertTrue(new RetentionPolicy(86_400).enabled());
    assertEquals(1_800_000_000L - 86_400, new RetentionPolicy(86_400).cutoff(1_800_000_000L));
  }
}
