package dev.leash.keycloak.audit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionStartTest {

  private static final OptionalLong NO_MARK = OptionalLong.empty();

  @Test
  void withoutAMarkItStartsAtTheOldestEntryStoredOrWhereAsked() {
    assertEquals(1, RetentionStart.of(null, 1, NO_MARK));
    assertEquals(7, RetentionStart.of(7L, 1, NO_MARK));
    // Entries before the oldest stored are gone and nothing says retention deleted them: verify
    // starts there and finds nothing anchoring it.
    assertEquals(1001, RetentionStart.of(null, 1001, NO_MARK));
  }

  @Test
  void afterRetentionItStartsAfterTheMark() {
    assertEquals(1001, RetentionStart.of(null, 1001, OptionalLong.of(1000)));
  }

  /** Retention deletes 200 entries a transaction: 1 to 400 are gone, 401 to 1000 still going. */
  @Test
  void whileRetentionDeletesTowardsItsMarkTheEntriesStillGoingAreSkipped() {
    assertEquals(1001, RetentionStart.of(null, 401, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(1L, 401, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(401L, 401, OptionalLong.of(1000)));
  }

  /** An entry still stored before the start anchors it, as in any continuation. */
  @Test
  void aStartAfterAnEntryStillStoredStaysWhereAsked() {
    assertEquals(500, RetentionStart.of(500L, 401, OptionalLong.of(1000)));
    assertEquals(1500, RetentionStart.of(1500L, 1001, OptionalLong.of(1000)));
  }

  /** Entries above the mark are gone too: the start stays there, where verify names them. */
  @Test
  void entriesGoneBeyondTheMarkAreNotSkipped() {
    assertEquals(1501, RetentionStart.of(null, 1501, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(1L, 1501, OptionalLong.of(1000)));
  }
}
